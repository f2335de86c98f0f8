/**
 * Verification of every signature in a PDF, the way an independent validator reports it: integrity of the
 * byte ranges, trust of the chain, whether the signature covers the whole file, and whether anything after it
 * is more than form filling and further signatures.
 */
import type { SignatureReport, VerifyResult } from '@kyso/shared';
import { vietnamIsoTime } from '@kyso/shared';
import { checkSignatureTimeStamp, describeCertificate, verifyDetachedCms } from '../cms';
import { changesAfterRevision, openPdf } from '../pdf';
import { organizationOf } from '../x509/certificate';
import { validatePath } from '../x509/path-validation';
import { notForSigningWarning } from '../x509/signing-usage';
import { digestByteRange } from './digest';
import { pdfDateToIso } from './time';

export interface VerifyOptions {
  /** DER roots to trust; without them `chainTrusted` is false and does not affect `valid`. */
  trustedRoots?: Uint8Array[];
}

export async function verifyDocument(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  const doc = openPdf(bytes);
  const trustedRoots = options.trustedRoots ?? [];
  const reports: SignatureReport[] = [];
  for (const sig of doc.signatures()) {
    const [a, b, c, d] = sig.byteRange;
    const revisionEnd = c + d;
    const report: SignatureReport = {
      fieldName: sig.fieldName,
      signer: '',
      signedAt: sig.signingTime === undefined ? undefined : pdfDateToIso(sig.signingTime),
      integrity: false,
      chainTrusted: false,
      coversWholeDocument: revisionEnd === bytes.length,
      laterChangesAllowed: true,
      modifications: { level: 'NONE', reasons: [] },
    };
    // The hole must be exactly the <hex> of /Contents and the ranges must start at 0 and stay inside the file.
    if (a !== 0 || b <= 0 || c <= b || revisionEnd > bytes.length || bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) {
      report.error = 'byte range is malformed';
      reports.push(report);
      continue;
    }
    const check = await verifyDetachedCms(sig.contents, digestByteRange(bytes, sig.byteRange));
    const stamp = await checkSignatureTimeStamp(sig.contents).catch((error: Error) => ({
      time: new Date(0),
      valid: false,
      certificates: [],
      error: `time-stamp unreadable: ${error.message}`,
    }));
    if (check.signerCertificate) {
      // A certificate that does not parse makes this signature invalid, not the whole verification fail.
      try {
        const provenTime = stamp?.valid ? stamp.time : undefined;
        await reportSigner(report, check.signerCertificate, check.certificates, trustedRoots, provenTime);
      } catch (error) {
        report.error = `certificate unreadable: ${(error as Error).message}`;
        reports.push(report);
        continue;
      }
    }
    if (stamp) {
      report.timestamp = { time: vietnamIsoTime(stamp.time), valid: stamp.valid };
      if (!stamp.valid) report.error = stamp.error;
    }
    report.integrity = check.valid;
    if (!check.valid) report.error = check.error ?? 'signature does not verify';
    if (!report.coversWholeDocument) {
      const changes = changesAfterRevision(bytes, revisionEnd);
      report.laterChangesAllowed = changes.allowed;
      report.modifications = { level: changes.level, reasons: changes.reasons };
      if (!changes.allowed) report.error = `changed after signing (${changes.level}): ${changes.reasons.join('; ')}`;
    }
    reports.push(report);
  }
  const valid =
    reports.length > 0 &&
    reports.every(
      (r) =>
        r.integrity &&
        r.laterChangesAllowed &&
        (r.timestamp?.valid ?? true) &&
        (trustedRoots.length === 0 || r.chainTrusted),
    );
  return { signatures: reports, valid };
}

/**
 * Who signed, and whether their certificate is trusted for this signature: the path to a trusted root, and a key
 * usage that allows signing. The path must hold at the time-stamp's time when one checks out (a proof of existence:
 * ETSI EN 319 102-1 §5.6.2.1, best-signature-time), else now: the time a signature claims is the signer's own
 * clock, and trusting it would let a signature claim its way back into an expired certificate.
 */
async function reportSigner(
  report: SignatureReport,
  signer: Uint8Array,
  carried: Uint8Array[],
  trustedRoots: Uint8Array[],
  provenTime: Date | undefined,
): Promise<void> {
  const holder = describeCertificate(signer);
  report.signer = holder.subjectCommonName;
  // The holder's organisation (O=), for a recipient reading who signed.
  const organization = organizationOf(holder.subject);
  if (organization) report.organization = organization;
  const at = provenTime ?? new Date();
  const trust = await validatePath(signer, carried, trustedRoots, at);
  report.chainTrusted = trust.trusted;
  if (!trust.trusted && trustedRoots.length > 0) report.error = trust.reason;
  const unfit = notForSigningWarning(signer, holder.subjectCommonName);
  if (unfit) {
    report.chainTrusted = false;
    report.warnings = [unfit];
    report.error = `signer certificate key usage does not allow signing: ${unfit.details?.keyUsage}`;
  }
}

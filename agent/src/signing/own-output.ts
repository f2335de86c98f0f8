/**
 * The last stage of the pipeline: what we are about to return is checked the way a validator would read it, so a
 * writer bug becomes SELF_CHECK_FAILED instead of a file that fails at the recipient (ISO 32000-1 §12.8.1: the
 * byte ranges cover the whole file except the /Contents hex string).
 */
import { KysoError } from '@kyso/shared';
import { verifyDetachedCms } from '../cms';
import { openPdf, type PdfDocument, type PreparedUpdate } from '../pdf';
import { refuseBreakingUpdate } from './earlier-signatures';

/** The original document, the incremental update holding the signature, and the digest the CMS signs. */
export interface SignedUpdate {
  document: Uint8Array;
  update: PreparedUpdate;
  rangeDigest: Uint8Array;
}

/** The `<…>` of /Contents inside the update: the hole between the two byte ranges. */
export function contentsWindow(update: PreparedUpdate, originalLength: number): [number, number] {
  const [a, b, c] = update.byteRange;
  if (a !== 0 || b <= originalLength || c <= b) {
    throw new KysoError('INTERNAL', {
      reason: 'byte range does not start at 0 or the hole is not in the update',
      byteRange: update.byteRange,
    });
  }
  return [b - originalLength, c - originalLength];
}

/**
 * Sign-then-verify: the embedded bytes must be exactly our CMS, the CMS must verify over the digest of the ranges,
 * the ranges must cover everything but /Contents, and the signed file must parse again the way a validator reads it
 * (following the new xref) and list our signature with these ranges. Anything else is SELF_CHECK_FAILED and
 * nothing is returned. The re-parse needs the file in one piece, a second copy of the document: above
 * REPARSE_LIMIT it is skipped to keep memory flat (the writer is the same code for every size).
 */
export async function verifyOwnOutput(signed: SignedUpdate, cms: Uint8Array): Promise<void> {
  const { document, update, rangeDigest } = signed;
  const [hole0, hole1] = contentsWindow(update, document.length);
  const hex = Buffer.from(update.update.subarray(hole0 + 1, hole1 - 1)).toString('latin1');
  const embedded = Buffer.from(hex, 'hex').subarray(0, cms.length);
  const fail = (reason: string) => new KysoError('SELF_CHECK_FAILED', { reason });
  if (update.update[hole0] !== 0x3c || update.update[hole1 - 1] !== 0x3e)
    throw fail('/Contents is not delimited by < >');
  if (!embedded.equals(cms) || /[^0]/.test(hex.slice(cms.length * 2))) throw fail('/Contents differs from the CMS');
  const total = document.length + update.update.length;
  const [, , c, d] = update.byteRange;
  if (c + d !== total) throw fail('byte range does not reach the end of the file');
  const check = await verifyDetachedCms(cms, rangeDigest);
  if (!check.valid) throw fail(`CMS does not verify: ${check.error ?? 'signature or digest mismatch'}`);
  if (total <= REPARSE_LIMIT)
    checkSignedFileParses(Buffer.concat([document, update.update]), document.length, update.byteRange, fail);
}

const REPARSE_LIMIT = 16 * 1024 * 1024;

function checkSignedFileParses(
  file: Uint8Array,
  originalLength: number,
  byteRange: readonly number[],
  fail: (reason: string) => KysoError,
): void {
  let last: ReturnType<PdfDocument['signatures']>[number] | undefined;
  try {
    last = openPdf(file)
      .signatures()
      .find((s) => s.byteRange.every((n, i) => n === byteRange[i]));
  } catch (error) {
    throw fail(`the signed file does not parse: ${(error as Error).message}`);
  }
  if (!last) throw fail('the signed file does not list the new signature with its byte range');
  // The same strict analysis as at preparation, now on the bytes that are returned.
  refuseBreakingUpdate(file, originalLength);
}

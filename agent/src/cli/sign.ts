/**
 * `kyso-agent sign`: one PDF, one signature, from the command line. The document is checked and the placeholder
 * reserved before the PIN is asked; the PIN comes from KYSO_PIN or a hidden prompt, never from argv.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  COPY_TYPES,
  type CopyType,
  KysoError,
  type ProfileOptions,
  profileName,
  SEAL_MM,
  vietnamIsoTime,
  warningLine,
} from '@kyso/shared';
import { issuerCacheDir } from '../config';
import {
  buildChain,
  certificatesFromPem,
  checkTsaUrl,
  finishSigning,
  type PrepareInput,
  prepareSigning,
  type TimeStampAuthority,
  writeFileAtomically,
} from '../signing';
import { issuerFetcher } from '../signing/aia';
import { chooseSigningCertificate, LabelledToken } from '../signing/labelled-token';
import { bundledAppearanceFont } from './bundled-font';
import { SIGN } from './commands';
import { parseCommand } from './options';
import { readPin } from './pin';
import { progressReporter } from './progress';

function invalid(reason: string): KysoError {
  return new KysoError('INVALID_ARGUMENT', { reason });
}

export function parseRect(text: string): { x: number; y: number; width: number; height: number } {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const [x, y, width, height] = parts;
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || !(width! > 0) || !(height! > 0)) {
    throw invalid(`--rect must be X,Y,W,H in points with W and H > 0, got '${text}'`);
  }
  return { x: x!, y: y!, width: width!, height: height! };
}

type Values = ReturnType<typeof parseCommand<typeof SIGN.options>>['values'];

/**
 * `--profile` and its options. For `organization`, `--number`/`--date` are the clerk's issuance (date
 * defaults to today in Vietnam); for `appendix`, `--number` is the number and code printed in its text.
 */
export function profileArguments(
  values: Values,
  today: Date = new Date(),
): Pick<PrepareInput, 'profile' | 'profileOptions' | 'issuance'> {
  if (values.profile === undefined) {
    if (values['seal-mm'] || values.number || values.date || values['copy-type'])
      throw invalid('--seal-mm, --number, --date and --copy-type need --profile');
    return {};
  }
  const parsed = profileName.safeParse(values.profile);
  if (!parsed.success)
    throw invalid(`--profile must be one of ${profileName.options.join('|')}, got '${values.profile}'`);
  const profile = parsed.data;
  const sealMm = values['seal-mm'] === undefined ? undefined : Number(values['seal-mm']);
  if (sealMm !== undefined && !(sealMm >= SEAL_MM.min && sealMm <= SEAL_MM.max))
    throw invalid(`--seal-mm must be ${SEAL_MM.min}–${SEAL_MM.max} (mm), got '${values['seal-mm']}'`);
  const copyType = values['copy-type'];
  if (copyType !== undefined && !(COPY_TYPES as readonly string[]).includes(copyType.normalize('NFC'))) {
    throw invalid(`--copy-type must be one of ${COPY_TYPES.map((c) => `"${c}"`).join(', ')}`);
  }
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    throw invalid(`--date must be YYYY-MM-DD, got '${values.date}'`);
  const profileOptions: ProfileOptions = {
    ...(sealMm !== undefined ? { sealMm } : {}),
    ...(copyType !== undefined ? { copyType: copyType.normalize('NFC') as CopyType } : {}),
    ...(values.text ? { text: values.text.split(/\r?\n|\\n/) } : {}),
    ...(values.number && profile !== 'organization' ? { number: values.number } : {}),
  };
  const issuing = profile === 'organization' && (values.number !== undefined || values.date !== undefined);
  if (issuing && !values.number)
    throw invalid('--date needs --number: the issue date is written together with the number');
  const issuance = issuing
    ? { number: values.number!, date: values.date ?? vietnamIsoTime(today).slice(0, 10) }
    : undefined;
  return { profile, profileOptions, ...(issuance ? { issuance } : {}) };
}

/** `--tsa URL [--tsa-timeout MS] [--tsa-optional]`: PAdES B-T with an RFC 3161 time-stamp. */
function timestampArguments(values: Values): TimeStampAuthority | undefined {
  if (!values.tsa) {
    if (values['tsa-timeout'] || values['tsa-optional']) throw invalid('--tsa-timeout and --tsa-optional need --tsa');
    return undefined;
  }
  checkTsaUrl(values.tsa);
  const timeoutMs = values['tsa-timeout'] === undefined ? undefined : Number(values['tsa-timeout']);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw invalid(`--tsa-timeout must be milliseconds, got '${values['tsa-timeout']}'`);
  }
  return { url: values.tsa, timeoutMs, optional: values['tsa-optional'] ?? false };
}

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new KysoError('INPUT_NOT_FOUND', { path, what });
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommand(SIGN, args);
  const font = bundledAppearanceFont();
  if (!values.in || !values.out) throw invalid('--in and --out are required');
  if (resolve(values.in) === resolve(values.out))
    throw invalid('--out must differ from --in: the input is never modified');
  const document = readInput(values.in, 'document');
  const image = values.image ? readInput(values.image, 'image') : undefined;
  const page = values.page === undefined ? -1 : Number(values.page);
  if (!Number.isInteger(page) || (page < 1 && page !== -1))
    throw invalid(`--page must be a page number ≥ 1, got '${values.page}'`);
  const extraChain = (values.chain ?? []).flatMap((file) =>
    certificatesFromPem(readInput(file, 'chain').toString('latin1')),
  );

  const token = LabelledToken.open(values.module, values.token);
  try {
    const pinPrompt = `PIN của token "${token.label}": `;
    let certs = await token.certificates();
    // Some tokens show certificates only after login: then the PIN has to come first.
    if (certs.length === 0) {
      await token.login(await readPin(pinPrompt));
      certs = await token.certificates();
    }
    const cert = chooseSigningCertificate(certs, values.cert);
    const built = await buildChain(cert.der, {
      candidates: [...certs.filter((c) => c !== cert).map((c) => c.der), ...extraChain],
      fetchIssuer: issuerFetcher({ cacheDir: issuerCacheDir() }),
    });
    const chain = built.chain;
    const progress = progressReporter(values.in);
    const prepared = await prepareSigning(
      {
        document,
        signerCertificate: {
          certificate: cert.der,
          chain,
          ...(built.incomplete ? { incomplete: built.incomplete } : {}),
        },
        placement: values.invisible
          ? { invisible: true }
          : { pageIndex: page === -1 ? -1 : page - 1, rect: values.rect ? parseRect(values.rect) : undefined },
        appearance: { image, lines: values.text ? values.text.split(/\r?\n|\\n/) : undefined },
        ...profileArguments(values),
        reason: values.reason,
        location: values.location,
        timestamp: timestampArguments(values),
        onProgress: progress,
      },
      font,
    );
    for (const warning of prepared.warnings) process.stderr.write(`Cảnh báo / warning: ${warningLine(warning)}\n`);
    if (!token.isLoggedIn()) await token.login(await readPin(pinPrompt));
    const signer = await token.signer(cert, { chain, scheme: values.pss ? 'RSA-PSS' : undefined });
    const signed = await finishSigning(prepared, signer);
    for (const warning of signed.warnings) process.stderr.write(`Cảnh báo / warning: ${warningLine(warning)}\n`);
    writeFileAtomically(values.out, signed.parts);
    process.stdout.write(
      `Đã ký / Signed: ${values.out} — ${signed.signerName}, ${signed.signedAt}, sha256 ${signed.sha256After}\n`,
    );
    return 0;
  } finally {
    token.close();
  }
}

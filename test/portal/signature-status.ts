/**
 * The portal's own check of an uploaded file: it runs poppler's pdfsig, as a real portal would run its vendor's
 * validator. `nssDir` (an NSS database trusting the issuing root) makes "trusted" meaningful in tests.
 */
import { execFile } from 'node:child_process';
import { pdfsigBlocks } from '../fixtures/validate';

export interface SignatureStatus {
  valid: boolean;
  trusted: boolean;
  signer?: string;
  signedAt?: string;
  count: number;
  summary: string;
}

function pdfsig(path: string, nssDir?: string): Promise<string> {
  const args = nssDir ? ['-nssdir', `sql:${nssDir}`, path] : [path];
  return new Promise((resolve) => {
    // pdfsig exits non-zero for unsigned files; its text is the answer either way.
    // In UTC, so its "Signing Time" (printed in the process's zone, without one) can be read back exactly.
    const env = { ...process.env, TZ: 'UTC' };
    execFile('pdfsig', args, { timeout: 20_000, env }, (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** pdfsig's "Dec 01 2026 10:18:43" (UTC, see above) as ISO 8601; anything else as it came. */
function pdfsigTime(text: string | undefined): string | undefined {
  const m = /^(\w{3}) (\d{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? '');
  const month = m ? MONTHS.indexOf(m[1] ?? '') : -1;
  if (!m || month < 0) return text;
  return new Date(Date.UTC(Number(m[3]), month, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]))).toISOString();
}

export function parsePdfsig(output: string): SignatureStatus {
  const blocks = pdfsigBlocks(output);
  if (blocks.length === 0) return { valid: false, trusted: false, count: 0, summary: 'Chưa có chữ ký số' };
  const last = blocks[blocks.length - 1] ?? '';
  const field = (label: string) => new RegExp(`- ${label}: (.+)`).exec(last)?.[1]?.trim();
  const valid = blocks.every((b) => /Signature Validation: Signature is Valid/.test(b));
  const trusted = blocks.every((b) => /Certificate Validation: Certificate is Trusted/.test(b));
  const summary = valid
    ? `Chữ ký hợp lệ${trusted ? '' : ' (chứng thư chưa được tin cậy trên máy chủ)'}`
    : 'Chữ ký KHÔNG hợp lệ';
  return {
    valid,
    trusted,
    signer: field('Signer Certificate Common Name'),
    signedAt: pdfsigTime(field('Signing Time')),
    count: blocks.length,
    summary,
  };
}

export async function checkSignatures(path: string, nssDir?: string): Promise<SignatureStatus> {
  return parsePdfsig(await pdfsig(path, nssDir));
}

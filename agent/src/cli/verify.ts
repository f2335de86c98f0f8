/**
 * `kyso-agent verify IN.pdf [--trust ROOT.pem] [--json]`: every signature with its signer, integrity, chain,
 * coverage and the level of later changes (NONE < LTA_UPDATES < FORM_FILLING < ANNOTATIONS < OTHER, with reasons). Exit 1 when any signature is invalid.
 */
import { readFileSync } from 'node:fs';
import { formatVietnamDateTime, KysoError, type VerifyResult, warningLine } from '@kyso/shared';
import { certificatesFromPem, verifyDocument } from '../signing';
import { VERIFY } from './commands';
import { parseCommand } from './options';

const yes = (ok: boolean) => (ok ? 'có / yes' : 'KHÔNG / NO');

function describe(result: VerifyResult): string {
  if (result.signatures.length === 0) return 'Văn bản không có chữ ký số. (No signatures.)\n';
  const lines = result.signatures.map((s, i) =>
    [
      `Chữ ký #${i + 1} (${s.fieldName}): ${s.signer || '?'}${s.signedAt ? `, ${formatVietnamDateTime(s.signedAt, { seconds: true })}` : ''}`,
      `  Toàn vẹn / integrity: ${yes(s.integrity)}`,
      `  Chuỗi tin cậy / chain trusted: ${yes(s.chainTrusted)}`,
      ...(s.timestamp
        ? [
            `  Dấu thời gian / time-stamp: ${formatVietnamDateTime(s.timestamp.time, { seconds: true })} — ${s.timestamp.valid ? 'hợp lệ / valid' : 'KHÔNG hợp lệ / INVALID'}`,
          ]
        : []),
      `  Bao phủ toàn văn bản / covers whole document: ${yes(s.coversWholeDocument)}`,
      `  Thay đổi sau khi ký chỉ là điền/ký thêm / later changes allowed: ${yes(s.laterChangesAllowed)}`,
      `  Mức thay đổi sau khi ký / modification level: ${s.modifications.level}`,
      ...s.modifications.reasons.map((r) => `    - ${r}`),
      ...(s.warnings ?? []).map((w) => `  Cảnh báo / warning: ${warningLine(w)}`),
      ...(s.error ? [`  Lỗi / error: ${s.error}`] : []),
    ].join('\n'),
  );
  return `${lines.join('\n')}\n${verdict(result)}\n`;
}

/**
 * "HỢP LỆ" only for a signature that is intact AND whose signer chains to a root this machine trusts; intact but
 * untrusted says so and what IT can do (install the issuer's root), instead of sounding valid.
 */
function verdict(result: VerifyResult): string {
  if (!result.valid) return 'KHÔNG HỢP LỆ / INVALID';
  if (result.signatures.every((s) => s.chainTrusted)) return 'HỢP LỆ / VALID';
  return [
    'CHỮ KÝ NGUYÊN VẸN, NHƯNG NGƯỜI KÝ CHƯA ĐƯỢC TIN CẬY TRÊN MÁY NÀY / INTACT, BUT THE SIGNER IS NOT TRUSTED ON THIS MACHINE',
    '  Bộ phận CNTT: thêm chứng thư gốc của đơn vị cấp (ví dụ "Vietnam National Root CA" hoặc "RootCA chuyên dùng',
    '  Chính phủ G2") bằng --trust ROOT.pem, hoặc vào trustedRoots trong cấu hình của agent, rồi kiểm tra lại.',
    "  IT: add the issuing CA's root certificate with --trust ROOT.pem or to trustedRoots in the agent's configuration.",
  ].join('\n');
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(VERIFY, args);
  const [path] = positionals;
  if (!path || positionals.length > 1)
    throw new KysoError('INVALID_ARGUMENT', { reason: 'verify takes one PDF file', help: 'kyso-agent verify --help' });
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new KysoError('INPUT_NOT_FOUND', { path });
  }
  const trustedRoots = (values.trust ?? []).flatMap((f) => certificatesFromPem(readFileSync(f, 'latin1')));
  const result = await verifyDocument(bytes, { trustedRoots });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : describe(result));
  return result.valid ? 0 : 1;
}

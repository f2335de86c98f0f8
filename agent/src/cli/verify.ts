/**
 * `kyso-agent verify IN.pdf [--trust ROOT.pem] [--json]`: every signature with its signer, integrity, chain,
 * coverage and the level of later changes (NONE < LTA_UPDATES < FORM_FILLING < ANNOTATIONS < OTHER, with reasons). Exit 1 when any signature is invalid.
 */
import { readFileSync } from 'node:fs';
import { KysoError, type VerifyResult } from '@kyso/shared';
import { certificatesFromPem, verifyDocument } from '../signing';
import { VERIFY } from './commands';
import { parseCommand } from './options';

const yes = (ok: boolean) => (ok ? 'có / yes' : 'KHÔNG / NO');

function describe(result: VerifyResult): string {
  if (result.signatures.length === 0) return 'Văn bản không có chữ ký số. (No signatures.)\n';
  const lines = result.signatures.map((s, i) =>
    [
      `Chữ ký #${i + 1} (${s.fieldName}): ${s.signer || '?'}${s.signedAt ? `, ${s.signedAt}` : ''}`,
      `  Toàn vẹn / integrity: ${yes(s.integrity)}`,
      `  Chuỗi tin cậy / chain trusted: ${yes(s.chainTrusted)}`,
      ...(s.timestamp
        ? [
            `  Dấu thời gian / time-stamp: ${s.timestamp.time} — ${s.timestamp.valid ? 'hợp lệ / valid' : 'KHÔNG hợp lệ / INVALID'}`,
          ]
        : []),
      `  Bao phủ toàn văn bản / covers whole document: ${yes(s.coversWholeDocument)}`,
      `  Thay đổi sau khi ký chỉ là điền/ký thêm / later changes allowed: ${yes(s.laterChangesAllowed)}`,
      `  Mức thay đổi sau khi ký / modification level: ${s.modifications.level}`,
      ...s.modifications.reasons.map((r) => `    - ${r}`),
      ...(s.error ? [`  Lỗi / error: ${s.error}`] : []),
    ].join('\n'),
  );
  return `${lines.join('\n')}\n${result.valid ? 'HỢP LỆ / VALID' : 'KHÔNG HỢP LỆ / INVALID'}\n`;
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

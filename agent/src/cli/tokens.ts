/** `kyso-agent tokens [--module PATH]… [--json]`: tokens and their certificates, without a PIN. */
import { formatVietnamDate } from '@kyso/shared';
import { loadConfigForCommand } from '../config';
import { Pkcs11Backend, withExpiryWarning } from '../signing/token-backend';
import { TOKENS } from './commands';
import { parseCommand } from './options';

type Tokens = Awaited<ReturnType<Pkcs11Backend['listTokens']>>;
type Certificates = Awaited<ReturnType<Pkcs11Backend['listCertificates']>>;

/** PKCS#11 C_GetTokenInfo flags in the words the signing dialog uses (the token never says how many tries). */
function pinState(t: Tokens[number]): string {
  if (t.pinLocked) return ' — PIN ĐÃ BỊ KHOÁ (PIN locked)';
  if (t.pinFinalTry) return ' — còn một lần thử PIN cuối cùng (final PIN try)';
  if (t.pinCountLow) return ' — chỉ còn ít lần thử PIN (few PIN tries left)';
  return '';
}

const EXPIRY: Record<string, string> = {
  EXPIRED: ' — ĐÃ HẾT HẠN (expired)',
  EXPIRING_SOON: ' — sắp hết hạn (expiring soon)',
};

/** The text form: Vietnamese first, English in brackets, dates as dd/MM/yyyy (Vietnam time). */
function describeTokens(
  modules: { path: string; loaded: boolean; error?: string }[],
  tokens: Tokens,
  certificates: Certificates,
): string {
  const out: string[] = [];
  for (const m of modules) {
    out.push(`Trình điều khiển (module) ${m.path}: ${m.loaded ? 'đã nạp (loaded)' : `lỗi (error) ${m.error}`}`);
  }
  if (tokens.length === 0) out.push('Không tìm thấy token nào (no token found).');
  for (const t of tokens) {
    out.push(
      `Token "${t.label}" — ${t.manufacturer} ${t.model}, số sê-ri (serial) ${t.serial}, id=${t.id}${pinState(t)}`,
    );
    const own = certificates.filter((x) => x.token === t.id);
    if (own.length === 0) out.push('  Chưa đọc được chứng thư số nào (no certificate readable before login).');
    for (const c of own) {
      out.push(
        `  Chứng thư số (certificate): ${c.commonName} · cấp bởi (issuer) ${c.issuer} · ${c.keyType} · ` +
          `hiệu lực đến (valid until) ${formatVietnamDate(c.notAfter)}${EXPIRY[c.warning ?? ''] ?? ''} · id=${c.id}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommand(TOKENS, args);
  const loaded = loadConfigForCommand({ userFile: values.config, modules: values.module });
  if (!loaded) return 1;
  const { config } = loaded;
  const backend = new Pkcs11Backend({ modules: config.modules, discover: config.discoverModules });
  try {
    const tokens = await backend.listTokens();
    const now = new Date();
    const certificates = (await backend.listCertificates()).map((c) => withExpiryWarning(c, now));
    const modules = backend.moduleStatus().map((m) => ({ path: m.path, loaded: m.loaded, error: m.error?.code }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ modules, tokens, certificates }, null, 2)}\n`);
    } else {
      process.stdout.write(describeTokens(modules, tokens, certificates));
    }
    return tokens.length > 0 ? 0 : 1;
  } finally {
    await backend.close();
  }
}

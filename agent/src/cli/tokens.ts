/** `kyso-agent tokens [--module PATH]… [--json]`: tokens and their certificates, without a PIN. */
import { loadConfigForCommand } from '../config';
import { withExpiryWarning } from '../server/methods/certificates-list';
import { Pkcs11Backend } from '../server/token-backend';
import { TOKENS } from './commands';
import { parseCommand } from './options';

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
      for (const m of modules) process.stdout.write(`module ${m.path}: ${m.loaded ? 'OK' : m.error}\n`);
      if (tokens.length === 0) process.stdout.write('Không tìm thấy token nào (no token found).\n');
      for (const t of tokens) {
        const flags = [
          t.pinLocked && 'PIN LOCKED',
          t.pinFinalTry && 'PIN FINAL TRY',
          t.pinCountLow && 'PIN COUNT LOW',
        ].filter(Boolean);
        process.stdout.write(
          `token ${t.label} (serial ${t.serial}, ${t.manufacturer} ${t.model}) id=${t.id}${flags.length ? ` [${flags.join(', ')}]` : ''}\n`,
        );
        for (const c of certificates.filter((x) => x.token === t.id)) {
          process.stdout.write(
            `  cert ${c.commonName} id=${c.id} ${c.keyType} until ${c.notAfter}${c.warning ? ` ${c.warning}` : ''}\n`,
          );
        }
      }
    }
    return tokens.length > 0 ? 0 : 1;
  } finally {
    await backend.close();
  }
}

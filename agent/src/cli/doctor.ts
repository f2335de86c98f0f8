/**
 * `kyso-agent doctor [--json] [--lang vi|en] [--config FILE] [--module PATH]…`: the checks IT staff run first —
 * configuration, port, PKCS#11 modules, tokens, certificates, clock, journal. Exit 0 when nothing failed
 * (warnings allowed), 1 when something must be fixed.
 */

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { formatVietnamDate, formatVietnamDateTime, KysoError } from '@kyso/shared';
import { type EffectiveConfig, issuerCacheDir, type LoadedConfig, loadConfig } from '../config';
import { type RunningAgentState, readRunningState } from '../config/running';
import { findPortHolder } from '../server';
import { issuerFetcher } from '../signing/aia';
import { Pkcs11Backend, readCertificateFiles, withExpiryWarning } from '../signing/token-backend';
import { DOCTOR } from './commands';
import { chainChecks } from './doctor-chain';
import type { Check, Status } from './doctor-check';
import { parseCommand } from './options';

type Lang = 'vi' | 'en';

export type { Check };

const check = (id: string, status: Status, vi: string, en: string, details?: Record<string, unknown>): Check => ({
  id,
  status,
  message: { vi, en },
  ...(details ? { details } : {}),
});

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommand(DOCTOR, args);
  const lang: Lang = values.lang === 'en' ? 'en' : 'vi';
  const checks = await runChecks(values.config, values.module ?? []);
  const healthy = !checks.some((c) => c.status === 'fail');
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ healthy, checks }, null, 2)}\n`);
  } else {
    process.stdout.write(renderReport(checks, lang, healthy));
  }
  return healthy ? 0 : 1;
}

export async function runChecks(configFile: string | undefined, modules: string[]): Promise<Check[]> {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ userFile: configFile, modules });
  } catch (error) {
    const e = error instanceof KysoError ? error : new KysoError('CONFIG_INVALID', { cause: String(error) });
    return [
      check(
        'config',
        'fail',
        `Tệp cấu hình không hợp lệ: ${e.details.path}`,
        `Invalid configuration file: ${e.details.path}`,
        e.details,
      ),
    ];
  }
  const { config } = loaded;
  const port = await portCheck(config.port);
  // The agent on the port is the one that matters: its origins and folders, not those doctor would read.
  const running = port.status === 'ok' && port.details?.running ? readRunningState(config.port) : undefined;
  const checks: Check[] = [configCheck(loaded, running), port, clockCheck(new Date())];
  checks.push(...(await tokenChecks(config)));
  checks.push(await journalCheck(running?.journalDir ?? config.journal.dir));
  return checks;
}

/** The clock as IT reads it: Vietnam time (UTC+7), day first. */
const vietnamNow = (now: Date): string => `${formatVietnamDateTime(now, { seconds: true })} (giờ Việt Nam, UTC+7)`;

function configCheck(loaded: LoadedConfig, running: RunningAgentState | undefined): Check {
  const { files, config } = loaded;
  const details = {
    user: files.user,
    userFound: files.userFound,
    managed: files.managed,
    managedFound: files.managedFound,
    ...(running ? { running } : {}),
  };
  if (running && running.allowedOrigins.length > 0) {
    const origins = running.allowedOrigins.join(', ');
    return check(
      'config',
      'ok',
      `Phần mềm ký số đang chạy (PID ${running.pid}) cho phép ${running.allowedOrigins.length} nguồn: ${origins}. Nhật ký: ${running.journalDir}; log: ${running.logDir}.`,
      `The running agent (PID ${running.pid}) allows ${running.allowedOrigins.length} origins: ${origins}. Journal: ${running.journalDir}; logs: ${running.logDir}.`,
      details,
    );
  }
  if ((running ?? config).allowedOrigins.length === 0) {
    return check(
      'config',
      'warn',
      'Chưa cấu hình nguồn (origin) nào được phép kết nối: tiện ích trình duyệt sẽ không dùng được phần mềm ký số.',
      'No allowed origin is configured: the browser extension cannot use the agent.',
      details,
    );
  }
  return check(
    'config',
    'ok',
    `Cấu hình hợp lệ (${config.allowedOrigins.length} nguồn được phép).`,
    `Configuration valid (${config.allowedOrigins.length} allowed origins).`,
    details,
  );
}

/** Free, ours (the agent answers with its header), or another program's (named when the OS tells). */
async function portCheck(port: number): Promise<Check> {
  const answer = await probeAgent(port);
  if (answer === 'closed') return check('port', 'ok', `Cổng ${port} đang trống.`, `Port ${port} is free.`);
  if (answer.startsWith('agent ')) {
    const version = answer.slice(6);
    return check(
      'port',
      'ok',
      `Phần mềm ký số đang chạy trên cổng ${port} (phiên bản ${version}).`,
      `The agent is running on port ${port} (version ${version}).`,
      { port, running: true },
    );
  }
  const holder = await findPortHolder(port);
  return check(
    'port',
    'fail',
    `Cổng ${port} đang bị chương trình khác dùng${holder ? `: ${holder}` : ''}.`,
    `Port ${port} is used by another program${holder ? `: ${holder}` : ''}.`,
    { port, holder },
  );
}

function probeAgent(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: 2000 }, (res) => {
      const version = res.headers['x-kyso-agent'];
      res.resume();
      resolve(typeof version === 'string' ? `agent ${version}` : 'other');
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'closed' : 'other'));
    req.on('timeout', () => {
      req.destroy();
      resolve('other');
    });
    req.end();
  });
}

/** Signatures carry the signing time, and certificates are checked against it: a clock far off breaks both. */
function clockCheck(now: Date): Check {
  const year = now.getUTCFullYear();
  if (year < 2025 || year > 2100) {
    return check(
      'clock',
      'fail',
      `Đồng hồ máy tính sai (${vietnamNow(now)}). Hãy chỉnh ngày giờ hệ thống.`,
      `The system clock is wrong (${vietnamNow(now)}). Fix the date and time.`,
    );
  }
  return check('clock', 'ok', `Đồng hồ hệ thống: ${vietnamNow(now)}.`, `System clock: ${vietnamNow(now)}.`);
}

async function tokenChecks(config: EffectiveConfig): Promise<Check[]> {
  const backend = new Pkcs11Backend({
    modules: config.modules,
    discover: config.discoverModules,
    chainFiles: config.chainCertificates,
    trustedRoots: readCertificateFiles(config.trustedRoots),
    fetchIssuer: issuerFetcher({ cacheDir: issuerCacheDir() }),
  });
  try {
    const modules = backend.moduleStatus();
    const checks = modules.map((m) =>
      m.loaded
        ? check('module', 'ok', `Nạp được trình điều khiển ${m.path}.`, `Module ${m.path} loads.`, { path: m.path })
        : check('module', 'fail', `${m.path}: ${m.error?.message}`, `${m.path}: ${m.error?.messageEn}`, {
            path: m.path,
            code: m.error?.code,
            ...m.error?.details,
          }),
    );
    if (modules.length === 0) {
      return [
        check(
          'module',
          'fail',
          'Không tìm thấy trình điều khiển (PKCS#11) của USB token nào.',
          'No USB token driver (PKCS#11 module) was found.',
        ),
      ];
    }
    const tokens = await backend.listTokens();
    if (tokens.length === 0) {
      checks.push(check('token', 'warn', 'Không có USB token nào được cắm.', 'No USB token is plugged in.'));
      return checks;
    }
    for (const t of tokens) {
      const status: Status = t.pinLocked ? 'fail' : t.pinFinalTry || t.pinCountLow ? 'warn' : 'ok';
      const pinNote = t.pinLocked ? ' — PIN bị khoá' : t.pinFinalTry ? ' — còn 1 lần nhập PIN' : '';
      const pinNoteEn = t.pinLocked ? ' — PIN locked' : t.pinFinalTry ? ' — one PIN try left' : '';
      checks.push(
        check(
          'token',
          status,
          `Token ${t.label} (${t.serial})${pinNote}.`,
          `Token ${t.label} (${t.serial})${pinNoteEn}.`,
          { id: t.id },
        ),
      );
    }
    const now = new Date();
    const certificates = await backend.listCertificates();
    for (const c of certificates.map((x) => withExpiryWarning(x, now))) {
      const status: Status = c.warning === 'EXPIRED' ? 'fail' : c.warning === 'EXPIRING_SOON' ? 'warn' : 'ok';
      const vi = c.warning === 'EXPIRED' ? 'đã hết hạn' : c.warning === 'EXPIRING_SOON' ? 'sắp hết hạn' : 'còn hạn';
      const en = c.warning === 'EXPIRED' ? 'expired' : c.warning === 'EXPIRING_SOON' ? 'expires soon' : 'valid';
      checks.push(
        check(
          'certificate',
          status,
          `Chứng thư ${c.commonName} ${vi} (đến ${formatVietnamDate(c.notAfter)}).`,
          `Certificate ${c.commonName} ${en} (until ${formatVietnamDate(c.notAfter)}).`,
          { token: c.token, id: c.id },
        ),
      );
    }
    checks.push(...(await chainChecks(backend, certificates)));
    return checks;
  } catch (error) {
    const e = error instanceof KysoError ? error : new KysoError('TOKEN_ERROR', { cause: String(error) });
    return [check('token', 'fail', e.message, e.messageEn, { code: e.code, ...e.details })];
  } finally {
    await backend.close();
  }
}

async function journalCheck(dir: string): Promise<Check> {
  const probe = join(dir, `.doctor-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    return check('journal', 'ok', `Ghi được nhật ký ký số tại ${dir}.`, `The signing journal is writable at ${dir}.`);
  } catch (error) {
    return check(
      'journal',
      'fail',
      `Không ghi được nhật ký ký số tại ${dir}. Hãy kiểm tra quyền ghi.`,
      `The signing journal at ${dir} is not writable. Check permissions.`,
      { cause: String(error) },
    );
  }
}

function renderReport(checks: Check[], lang: Lang, healthy: boolean): string {
  const mark: Record<Status, string> = { ok: '[ OK ]', warn: '[CẢNH BÁO]', fail: '[ LỖI ]' };
  const markEn: Record<Status, string> = { ok: '[ OK ]', warn: '[WARN]', fail: '[FAIL]' };
  const lines = checks.map((c) => `${(lang === 'vi' ? mark : markEn)[c.status]} ${c.message[lang]}`);
  const summary = healthy
    ? { vi: 'Kết quả: phần mềm ký số sẵn sàng.', en: 'Result: the agent is ready.' }
    : {
        vi: 'Kết quả: có lỗi cần khắc phục (xem các dòng LỖI ở trên).',
        en: 'Result: problems to fix (see the FAIL lines above).',
      };
  return `${lines.join('\n')}\n\n${summary[lang]}\n`;
}

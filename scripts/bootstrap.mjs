#!/usr/bin/env node
// Installs what is missing, then builds: the first step of `npm start` and `npm test`.
// Plain Node with built-in modules only (it runs before `npm ci`), idempotent, quick when nothing is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * Debian packages, a file each one provides (a check costs a stat rather than a dpkg query), and who needs them:
 * `start` is what `npm start` runs (the demo token, its PKI and the portal's pdfsig); `test` adds what only
 * `npm test` and `npm run build:binary` use. `node scripts/bootstrap.mjs --for start` installs the first list only.
 */
const DEBIAN_PACKAGES = [
  ['softhsm2', '/usr/bin/softhsm2-util', 'start'], // the test and demo PKCS#11 token
  ['opensc', '/usr/bin/pkcs11-tool', 'start'], // writes keys and certificates to tokens
  ['poppler-utils', '/usr/bin/pdfsig', 'start'], // pdfsig (the demo portal's check), pdftotext, pdftoppm
  ['libnss3-tools', '/usr/bin/certutil', 'start'], // trust store for pdfsig
  ['openssl', '/usr/bin/openssl', 'start'], // the demo and test PKI
  // Liberation 2.x has the Vietnamese letters (1.07 lacks U+1EA0–1EF9): demo documents and LibreOffice need it.
  ['fonts-liberation2', '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf', 'start'],
  ['chromium', '/usr/bin/chromium', 'test'], // browser end-to-end tests (optional for the demo: any Chromium)
  ['qpdf', '/usr/bin/qpdf', 'test'], // syntax check and test inputs (object streams, linearized, PDF 2.0)
  ['fonts-liberation', '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf', 'test'],
  ['mupdf-tools', '/usr/bin/mutool', 'test'], // a second independent validator
  ['ghostscript', '/usr/bin/gs', 'test'], // produces test PDFs with a producer other than ours
  // Windows single binary (about 35 s to install together): unsigned base node.exe, cross-built pkcs11.node,
  // and the wine smoke test of the result.
  ['osslsigncode', '/usr/bin/osslsigncode', 'test'],
  ['g++-mingw-w64-x86-64-posix', '/usr/bin/x86_64-w64-mingw32-g++-posix', 'test'],
  ['wine64', '/usr/lib/wine/wine64', 'test'],
  // Vietnamese test documents from a real office producer (profiles placement); installs in ~25 s here.
  ['libreoffice-writer-nogui', '/usr/bin/soffice', 'test'],
];

const forIndex = process.argv.indexOf('--for');
const mode = forIndex > 0 ? process.argv[forIndex + 1] : 'test';
if (mode !== 'start' && mode !== 'test') {
  process.stderr.write(`[bootstrap] --for must be 'start' or 'test', not '${mode}'\n`);
  process.exit(2);
}

function step(message) {
  process.stdout.write(`[bootstrap] ${message}\n`);
}

function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (r.status !== 0) {
    step(`'${cmd} ${args.join(' ')}' failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

function ensureDebianPackages() {
  const needed = DEBIAN_PACKAGES.filter(([, , use]) => mode === 'test' || use === 'start');
  const missing = needed.filter(([, file]) => !existsSync(file)).map(([name]) => name);
  if (missing.length === 0) return;
  if (!existsSync('/usr/bin/apt-get')) {
    step(`missing tools (${missing.join(' ')}) and no apt-get here: install their equivalents, then run again.`);
    process.exit(1);
  }
  if (process.getuid?.() !== 0) {
    step('some system packages are missing. Run this, then start again:');
    process.stdout.write(`\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n\n`);
    process.exit(1);
  }
  step(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', ['update', '-qq'], { env });
  sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function ensureNodeModules() {
  // npm writes node_modules/.package-lock.json on every install: older than the lockfile means stale.
  const stamp = join(root, 'node_modules', '.package-lock.json');
  if (mtime(stamp) >= mtime(join(root, 'package-lock.json'))) return;
  step('installing npm dependencies (npm ci)');
  const env = { ...process.env };
  // pkcs11js builds with node-gyp; Debian's nodejs ships its headers, so no download is needed.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  sh('npm', ['ci', '--no-audit', '--no-fund'], { env });
}

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : mtime(path));
  }
  return newest;
}

function ensureBuilt() {
  const stamp = join(root, 'node_modules', '.kyso-build-stamp');
  const sources = ['shared', 'agent', 'extension', 'test/portal'].map((d) => newestMtime(join(root, d)));
  if (mtime(stamp) > Math.max(...sources, mtime(join(root, 'package-lock.json')))) return;
  step('building (npm run build)');
  sh('npm', ['run', 'build', '--silent']);
  writeFileSync(stamp, new Date().toISOString());
}

const started = Date.now();
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  step(`Node ${process.versions.node} is too old: KySo Bridge needs Node 20.19 or newer.`);
  process.exit(1);
}
ensureDebianPackages();
ensureNodeModules();
ensureBuilt();
step(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

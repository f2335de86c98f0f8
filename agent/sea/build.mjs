#!/usr/bin/env node
// `npm run build:binary`: the agent as a Node Single Executable Application (Node SEA: https://nodejs.org/api/single-executable-applications.html; deployment in docs/deploy.md).
//   node agent/sea/build.mjs [--target linux|win|all] [--if-stale]
// Output: dist/kyso-agent-linux-x64 and dist/kyso-agent-win-x64.exe; intermediate files in dist/.sea/<targets>/.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleForSea } from './bundle.mjs';
import { inject, isStale, newestInput, run, step } from './tools.mjs';
import { prepareWindows } from './windows.mjs';

const root = new URL('../..', import.meta.url).pathname;
const dist = join(root, 'dist');
const ADDON_LINUX = join(root, 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node');

export const OUTPUTS = {
  linux: join(dist, 'kyso-agent-linux-x64'),
  win: join(dist, 'kyso-agent-win-x64.exe'),
};

/** Writes sea-config.json and produces the blob with the running Node (the base binaries use the same version). */
function makeBlob(work, name, main, assets, useCodeCache) {
  const config = join(work, `sea-config-${name}.json`);
  const output = join(work, `sea-prep-${name}.blob`);
  // useCodeCache: V8 code cache is specific to the platform that made it, so never for a cross build.
  const seaConfig = { main, output, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache, assets };
  writeFileSync(config, `${JSON.stringify(seaConfig, null, 2)}\n`);
  run(process.execPath, ['--experimental-sea-config', config], { cwd: work });
  return output;
}

async function buildLinux(work, main) {
  const base = join(work, 'node-linux');
  copyFileSync(process.execPath, base);
  chmodSync(base, 0o755);
  // Symbols are not needed to run; the dynamic symbol table addons link against survives --strip-all.
  if (spawnSync('strip', ['--version']).status === 0) run('strip', ['--strip-all', base]);
  const blob = makeBlob(work, 'linux', main, { 'pkcs11.node': ADDON_LINUX }, true);
  await inject(base, blob, {});
  const check = spawnSync(base, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  if (check.status !== 0) throw new Error(`the new binary does not start: ${check.stderr}`);
  renameSync(base, OUTPUTS.linux);
  step(`linux: ${OUTPUTS.linux} (version ${check.stdout.trim()})`);
}

async function buildWindows(work, main) {
  const { base, addon } = await prepareWindows(work, process.versions.node);
  const blob = makeBlob(work, 'win', main, addon ? { 'pkcs11.node': addon } : {}, false);
  await inject(base, blob, {});
  renameSync(base, OUTPUTS.win);
  step(`win: ${OUTPUTS.win}${addon ? '' : ' (WITHOUT pkcs11.node: no mingw-w64 here; tokens cannot load)'}`);
}

async function main() {
  const { values } = parseArgs({
    options: { target: { type: 'string', default: 'all' }, 'if-stale': { type: 'boolean', default: false } },
  });
  const targets = values.target === 'all' ? ['linux', 'win'] : [values.target];
  if (!targets.every((t) => t in OUTPUTS)) throw new Error(`unknown --target ${values.target}`);
  const inputs = newestInput(root, [ADDON_LINUX, process.execPath]);
  const todo = values['if-stale'] ? targets.filter((t) => isStale(OUTPUTS[t], inputs)) : targets;
  if (todo.length === 0) return step('binaries are up to date');
  // One work folder per target set: the Linux and Windows tests may build at the same time.
  const work = join(dist, '.sea', todo.join('-'));
  mkdirSync(work, { recursive: true });
  const started = Date.now();
  const main = join(work, 'kyso-agent-sea.cjs');
  const addons = await bundleForSea(main);
  if (addons.join() !== 'pkcs11.node') throw new Error(`unexpected native addons in the bundle: ${addons}`);
  if (todo.includes('linux')) await buildLinux(work, main);
  if (todo.includes('win')) await buildWindows(work, main);
  step(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (!existsSync(ADDON_LINUX)) {
  step(`missing ${ADDON_LINUX}: run npm ci first`);
  process.exit(1);
}
await main();

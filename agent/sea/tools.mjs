// Small helpers of the single-binary build: processes, staleness, postject.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inject as postject } from 'postject';

/** The fuse Node looks for to know it carries a SEA blob (fixed by Node, see its single-executable docs). */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export function step(message) {
  process.stdout.write(`[build:binary] ${message}\n`);
}

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export function has(cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error === undefined;
}

export async function inject(binary, blob, { macho = false }) {
  await postject(binary, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    machoSegmentName: macho ? 'NODE_SEA' : undefined,
  });
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : mtime(path));
  }
  return newest;
}

/** Newest modification time among everything that ends up in a binary. */
export function newestInput(root, extraFiles) {
  const dirs = ['agent/src', 'agent/sea', 'agent/assets', 'shared/src'].map((d) => newestIn(join(root, d)));
  const files = ['agent/build.mjs', 'agent/package.json', 'package-lock.json'].map((f) => mtime(join(root, f)));
  return Math.max(...dirs, ...files, ...extraFiles.map(mtime));
}

export function isStale(output, newestInputTime) {
  return mtime(output) <= newestInputTime;
}

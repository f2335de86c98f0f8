#!/usr/bin/env node
// `npm run bench`: benchmarks that print figures and ratios against a reference measured in the same process.
// Never part of `npm test`; targets are printed beside the figures, not asserted.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'kyso-bench-'));

/** Bundles a TypeScript bench entry so it runs on plain node (no loader in the measured process). */
async function bundle(entry) {
  // Inside the repository so the bundle resolves the native pkcs11js from node_modules.
  const outfile = join(root, 'node_modules', '.cache', 'kyso-bench', `${entry.replace(/\W/g, '_')}.cjs`);
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['pkcs11js'],
    loader: { '.ttf': 'binary' },
    logLevel: 'error',
    define: { 'import.meta.url': JSON.stringify(`file://${join(root, 'agent', 'src', 'pdf', 'x.ts')}`) },
  });
  return outfile;
}

/** A PDF of about `mb` MiB: a Ghostscript page plus an incompressible attachment added by qpdf. */
function makePdf(mb) {
  const ps = join(work, 'page.ps');
  writeFileSync(ps, '%!PS\n/Times-Roman findfont 24 scalefont setfont 72 700 moveto (Bench) show showpage\n');
  const page = join(work, 'page.pdf');
  if (!existsSync(page))
    execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pdfwrite', `-sOutputFile=${page}`, ps]);
  const blob = join(work, `blob-${mb}.bin`);
  writeFileSync(blob, execFileSync('head', ['-c', String(mb * 1024 * 1024), '/dev/urandom'], { maxBuffer: 1 << 30 }));
  const out = join(work, `doc-${mb}mb.pdf`);
  execFileSync('qpdf', ['--add-attachment', blob, '--', page, out]);
  rmSync(blob);
  return out;
}

async function main() {
  const fixture = await bundle('bench/token-fixture.ts');
  const token = JSON.parse(execFileSync(process.execPath, [fixture], { encoding: 'utf8' }));
  const signFile = await bundle('bench/sign-file.ts');
  console.log('\n== Signing large files (SoftHSM, RSA-2048; token time excluded) ==');
  console.log(
    'size      sign ms   of which write+fsync   sha256 ms   ratio   ratio w/o write   token ms   peak RSS   first sign (one page)',
  );
  console.log('(target for 50 MB: ratio ≤ 1.6, peak RSS < 120 MiB)');
  for (const mb of [1, 10, 50]) {
    const file = makePdf(mb);
    const r = spawnSync(
      process.execPath,
      [
        signFile,
        file,
        join(work, 'page.pdf'),
        token.modulePath,
        token.pin,
        readFileSync(token.intermediatePath, 'utf8'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, SOFTHSM2_CONF: token.confPath },
      },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    const m = JSON.parse(r.stdout);
    console.log(
      `${String(mb).padStart(3)} MB  ${m.signMs.toFixed(1).padStart(8)}  ${m.writeMs.toFixed(1).padStart(21)}  ${m.hashMs.toFixed(1).padStart(10)}  ${(m.signMs / m.hashMs).toFixed(2).padStart(6)}  ${((m.signMs - m.writeMs) / m.hashMs).toFixed(2).padStart(16)}  ${m.tokenMs.toFixed(1).padStart(9)}  ${m.maxRssMiB.toFixed(0).padStart(5)} MiB  ${m.coldMs.toFixed(0).padStart(6)} ms`,
    );
    rmSync(file);
  }
  console.log(
    '\n== Batch of 100 one-page documents over the WebSocket, one login (target ≥ 50 docs/s, ratio ≥ 0.8) ==',
  );
  const socketBatch = await bundle('bench/socket-batch.ts');
  const r = spawnSync(
    process.execPath,
    [socketBatch, token.modulePath, token.pin, token.intermediatePath, join(work, 'page.pdf'), '100'],
    {
      encoding: 'utf8',
      env: { ...process.env, SOFTHSM2_CONF: token.confPath },
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  console.log(r.stdout.trim());
  rmSync(token.dir, { recursive: true, force: true });

  console.log('\n== 200 RFC 3161 time-stamps in a row against the openssl TSA (target: 200 granted, 0 failed) ==');
  const stamps = spawnSync(process.execPath, [await bundle('bench/timestamps.ts'), '200'], { encoding: 'utf8' });
  const t = JSON.parse(stamps.stdout);
  console.log(
    `granted ${t.granted}/${t.requests}, failed ${t.failed}, ${(t.totalMs / 1000).toFixed(1)} s, ${t.msPerStamp.toFixed(0)} ms per time-stamp${t.failed ? ` — first failures: ${t.failures.join('; ')}` : ''}`,
  );
  if (stamps.status !== 0) process.exitCode = 1;

  console.log('\n== Hostile documents vs the agent (agent/dist; hello answered meanwhile; RSS budget 1 GiB) ==');
  if (!existsSync(join(root, 'agent', 'dist', 'kyso-agent.cjs'))) execFileSync('npm', ['run', 'build', '-w', 'agent']);
  const hostile = spawnSync(
    process.execPath,
    [await bundle('bench/hostile-documents.ts'), join(root, 'agent', 'dist', 'kyso-agent.cjs'), join(work, 'page.pdf')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (hostile.status !== 0) throw new Error('bench/hostile-documents.ts failed');
  console.log(hostile.stdout.trim());

  console.log('\n== Single binary ==');
  const binary = spawnSync(process.execPath, [join(root, 'bench', 'binary.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (binary.status !== 0) throw new Error('bench/binary.mjs failed');
  console.log(binary.stdout.trim());
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));

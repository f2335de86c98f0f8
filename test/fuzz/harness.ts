/**
 * The fuzz loop: mutated cases go to a worker thread one at a time, each under a deadline and a memory budget
 * (the process's RSS is sampled while the case runs). A hang, an out-of-memory, an INTERNAL, a stray exception or
 * an output written despite an error is a failure; failures are grouped by what they are, not by their bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleWorkerSource } from '../../agent/src/server/isolation';
import { createTestPki } from '../fixtures/pki';
import type { Outcome } from './case-runner';
import type { FuzzWorkerData } from './case-worker';
import { mutateCase } from './mutate';

export interface FuzzOptions {
  seeds: readonly Buffer[];
  seed: number;
  /** Stop after this many cases … */
  cases?: number;
  /** … or when this time is up. */
  until?: number;
  deadlineMs: number;
  /** RSS growth over the idle process allowed while one case runs. */
  memoryBudgetBytes: number;
  /** Where reproducers go (one file per distinct failure); none when absent. */
  reproducerDir?: string;
}

export interface Failure {
  signature: string;
  caseIndex: number;
  detail: string;
  file?: string;
}

export interface FuzzReport {
  cases: number;
  seconds: number;
  codes: Record<string, number>;
  failures: Failure[];
  /** Distinct failures by signature. */
  distinct: Map<string, Failure>;
  peakRssGrowth: number;
}

/** The case worker bundled the way the agent bundles its preparation worker (the font inside, as bytes). */
function workerSource(): string {
  return bundleWorkerSource(fileURLToPath(new URL('./case-worker.ts', import.meta.url)));
}

/** Digits and offsets vary between cases of one defect: they do not make a failure distinct. */
function signatureOf(kind: string, op: string, detail: string): string {
  const line = detail.split('\n').find((l) => l.includes('/agent/src/')) ?? detail.split('\n')[0] ?? '';
  return `${kind}:${op}:${line.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().slice(0, 160)}`;
}

class CaseWorker {
  private worker: Worker | undefined;

  constructor(
    private readonly source: string,
    private readonly data: FuzzWorkerData,
  ) {}

  private start(): Worker {
    this.worker ??= new Worker(this.source, {
      eval: true,
      workerData: this.data,
      resourceLimits: { maxOldGenerationSizeMb: 768, stackSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
    return this.worker;
  }

  /** One case: its outcomes, or 'hang' / 'memory' / 'crash' when the worker had to go. */
  run(id: number, bytes: Uint8Array, deadlineMs: number): Promise<Outcome[] | { lost: string; detail: string }> {
    const worker = this.start();
    return new Promise((resolve) => {
      const done = (value: Outcome[] | { lost: string; detail: string }, restart: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (restart) {
          void worker.terminate();
          this.worker = undefined;
        }
        resolve(value);
      };
      const onMessage = (m: { id: number; outcomes: Outcome[] }) => m.id === id && done(m.outcomes, false);
      const onError = (e: Error & { code?: string }) =>
        done({ lost: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', detail: String(e.stack ?? e) }, true);
      const onExit = (code: number) => done({ lost: 'crash', detail: `worker exited ${code}` }, true);
      const timer = setTimeout(
        () => done({ lost: 'hang', detail: `no answer within ${deadlineMs} ms` }, true),
        deadlineMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, bytes });
    });
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
  }
}

export async function fuzz(options: FuzzOptions, onProgress?: (report: FuzzReport) => void): Promise<FuzzReport> {
  const pki = createTestPki();
  const signerCert = pki.issue('fuzz', 'rsa', '/CN=Nguyễn Văn An/O=UBND tỉnh Thanh Hóa');
  const { readFileSync } = await import('node:fs');
  const scratch = join(tmpdir(), `kyso-fuzz-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  const worker = new CaseWorker(workerSource(), {
    keyPem: readFileSync(signerCert.keyPath, 'utf8'),
    certificate: signerCert.certDer,
    chain: [pki.rootDer],
    output: join(scratch, 'signed.pdf'),
  });
  const report: FuzzReport = { cases: 0, seconds: 0, codes: {}, failures: [], distinct: new Map(), peakRssGrowth: 0 };
  const started = Date.now();
  const baseline = process.memoryUsage().rss;
  try {
    for (let i = 0; ; i++) {
      if (options.cases !== undefined && i >= options.cases) break;
      if (options.until !== undefined && Date.now() >= options.until) break;
      const { bytes } = mutateCase(options.seeds, options.seed, i);
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss - baseline);
      }, 25);
      const result = await worker.run(i, bytes, options.deadlineMs);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss - baseline);
      report.peakRssGrowth = Math.max(report.peakRssGrowth, peak);
      const found: { kind: string; op: string; detail: string }[] = [];
      if (Array.isArray(result)) {
        for (const o of result) {
          if ('failure' in o) found.push({ kind: o.failure, op: o.op, detail: o.detail });
          else report.codes[`${o.op}:${o.code}`] = (report.codes[`${o.op}:${o.code}`] ?? 0) + 1;
        }
      } else found.push({ kind: result.lost, op: 'case', detail: result.detail });
      if (peak > options.memoryBudgetBytes) {
        found.push({ kind: 'memory', op: 'case', detail: `RSS grew ${Math.round(peak / 2 ** 20)} MiB` });
      }
      for (const f of found) record(report, options, i, bytes, f);
      report.cases = i + 1;
      report.seconds = (Date.now() - started) / 1000;
      if (i % 50 === 49) onProgress?.(report);
    }
  } finally {
    await worker.stop();
    pki.cleanup();
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

function record(
  report: FuzzReport,
  options: FuzzOptions,
  caseIndex: number,
  bytes: Uint8Array,
  found: { kind: string; op: string; detail: string },
): void {
  const signature = signatureOf(found.kind, found.op, found.detail);
  const failure: Failure = { signature, caseIndex, detail: found.detail };
  report.failures.push(failure);
  if (report.distinct.has(signature)) return;
  if (options.reproducerDir) {
    mkdirSync(options.reproducerDir, { recursive: true });
    failure.file = join(options.reproducerDir, `${found.kind}-${found.op}-seed${options.seed}-case${caseIndex}.pdf`);
    writeFileSync(failure.file, bytes);
    writeFileSync(`${failure.file}.txt`, `${signature}\n\n${found.detail}\n`);
  }
  report.distinct.set(signature, failure);
}

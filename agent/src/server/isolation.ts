/**
 * Untrusted documents are parsed off the server's thread: each preparation (`pdf.plan`, the preparation of
 * `pdf.sign` and `batch.sign`, `pdf.verify`) runs in its own worker_thread with a heap limit and a deadline. A
 * document that loops or grows without end is stopped (`worker.terminate()`) and answered PDF_TOO_COMPLEX; the
 * event loop never runs the parser, so other clients' `hello` and SIGTERM are served meanwhile.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deserializeError, KysoError, type SerializedError } from '@kyso/shared';
import { DEFAULT_PREPARATION_HEAP_MB, DEFAULT_PREPARATION_TIMEOUT_MS } from '../config/limits';
import type { DraftInput } from '../signing';
import type { PreparationAnswer, PreparationTask, PreparationWorkerData } from './preparation-worker';

/** The bundles (agent/build.mjs) define this as the worker's own bundled source; absent when run from sources. */
declare const __KYSO_PREPARATION_WORKER__: string | undefined;

export interface IsolationLimits {
  /** A preparation still running after this is stopped: PDF_TOO_COMPLEX. */
  deadlineMs: number;
  /** V8 old-space limit of the worker; over it the worker dies: PDF_TOO_COMPLEX. */
  maxHeapMb: number;
}

export const DEFAULT_ISOLATION: IsolationLimits = {
  deadlineMs: DEFAULT_PREPARATION_TIMEOUT_MS,
  maxHeapMb: DEFAULT_PREPARATION_HEAP_MB,
};

const running = new Set<Worker>();
/** Idle workers kept per pool: the two cores of a typical office PC. */
const MAX_IDLE = 2;
/**
 * Preparations running at once; the others wait their turn (their deadline starts when they get a worker). Without
 * it, 32 connections × 8 operations could start 256 workers of up to maxHeapMb each: more than the machine has.
 */
const MAX_BUSY = Math.max(2, availableParallelism());

let bundledFromSources: string | undefined;

/**
 * The worker's code: the bundle's embedded copy (works the same in the single binary, whose `require` cannot
 * load files). Run from the TypeScript sources (tests, `npm start`), the same entry is bundled once with esbuild,
 * a development dependency, so that each worker starts from one script instead of compiling every module.
 */
function workerScript(): string {
  if (typeof __KYSO_PREPARATION_WORKER__ === 'string') return __KYSO_PREPARATION_WORKER__;
  bundledFromSources ??= bundleWorkerSource(
    fileURLToPath(new URL('../cli/preparation-worker-entry.ts', import.meta.url)),
  );
  return bundledFromSources;
}

/**
 * A worker entry and everything it imports as one script for `new Worker(source, { eval: true })`, bundled like
 * the agent's bundles (the `.ttf` font as bytes, pkcs11js left to `require`). Only when run from the sources.
 */
export function bundleWorkerSource(entry: string): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    loader: { '.ttf': 'binary' },
    external: ['pkcs11js'],
    define: { 'import.meta.url': '"file:///kyso-agent-bundle/"' },
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

function tooComplex(reason: string): KysoError {
  return new KysoError('PDF_TOO_COMPLEX', { reason });
}

function startWorker(limits: IsolationLimits): Worker {
  const data: PreparationWorkerData = { kysoPreparationWorker: true };
  const worker = new Worker(workerScript(), {
    eval: true,
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
    stdout: true, // a library's console output must not reach the agent's stdout (the CLI's one line)
    stderr: true,
  });
  // Drained, not kept: nobody reads a library's console output, and unread it would pile up in the agent's memory.
  worker.stdout.resume();
  worker.stderr.resume();
  running.add(worker);
  worker.once('exit', () => running.delete(worker));
  worker.on('error', () => undefined); // an idle worker's failure is reported by the task that takes it (exit)
  return worker;
}

/**
 * Workers for one set of limits. Starting one (evaluating the bundled pipeline) costs more than most
 * preparations, so a worker that answered is kept for the next task (at most MAX_IDLE idle ones); a worker that
 * overran its deadline or heap, crashed or was cancelled is terminated, and a busy pool starts another.
 */
export class PreparationPool {
  private readonly idle: Worker[] = [];
  private readonly watched = new WeakSet<Worker>();
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limits: IsolationLimits) {}

  private take(): Worker {
    const worker = this.idle.pop() ?? startWorker(this.limits);
    worker.ref();
    return worker;
  }

  private giveBack(worker: Worker): void {
    if (this.idle.length >= MAX_IDLE) {
      void worker.terminate();
      return;
    }
    worker.unref(); // an idle worker does not keep the agent running
    // One listener per worker, not one per reuse: a worker serves many tasks in a long-running agent.
    if (!this.watched.has(worker)) {
      this.watched.add(worker);
      worker.once('exit', () => {
        const at = this.idle.indexOf(worker);
        if (at >= 0) this.idle.splice(at, 1);
      });
    }
    this.idle.push(worker);
  }

  /** Runs one task in a worker when one of the MAX_BUSY places is free; settles once. */
  async run<K extends PreparationTask['kind']>(
    task: PreparationTask & { kind: K },
    signal?: AbortSignal,
  ): Promise<PreparationAnswer<K>> {
    await this.place(signal);
    try {
      return (await this.runInWorker(task, signal)) as PreparationAnswer<K>;
    } finally {
      this.leave();
    }
  }

  /** Waits for a free place (FIFO); a cancelled wait leaves the queue with CANCELLED. */
  private place(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.busy < MAX_BUSY) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', stop);
        resolve(); // the place is handed over: `busy` stays the same
      };
      const stop = () => {
        const at = this.waiting.indexOf(go);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason instanceof KysoError ? signal.reason : new KysoError('CANCELLED'));
      };
      this.waiting.push(go);
      signal?.addEventListener('abort', stop, { once: true });
    });
  }

  private leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }

  private runInWorker(task: PreparationTask, signal?: AbortSignal): Promise<unknown> {
    const { limits } = this;
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const worker = this.take();
      let settled = false;
      const settle = (error: KysoError | undefined, value?: unknown, reusable = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (reusable) this.giveBack(worker);
        else void worker.terminate();
        if (error) reject(error);
        else resolve(value);
      };
      const timer = setTimeout(
        () => settle(tooComplex(`preparation took longer than ${limits.deadlineMs} ms`)),
        limits.deadlineMs,
      );
      const onAbort = () => settle(signal?.reason instanceof KysoError ? signal.reason : new KysoError('CANCELLED'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const onMessage = (message: { result?: unknown; error?: SerializedError }) =>
        message.error
          ? settle(deserializeError(message.error), undefined, message.error.code !== 'INTERNAL')
          : settle(undefined, message.result, true);
      const onError = (error: Error & { code?: string }) =>
        settle(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooComplex(`preparation needed more than ${limits.maxHeapMb} MB`)
            : new KysoError('INTERNAL', { cause: error.message }),
        );
      const onExit = (code: number) =>
        settle(new KysoError('INTERNAL', { reason: `preparation worker exited (${code})` }));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(task);
    });
  }
}

/** Stops every running preparation (agent shutdown): their requests answer as the connection closes. */
export async function stopIsolatedWork(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.terminate()));
  running.clear();
}

/** The three preparations with one set of limits, shaped like the server's injected functions. */
export function isolatedPreparation(limits: IsolationLimits = DEFAULT_ISOLATION) {
  const pool = new PreparationPool(limits);
  return {
    plan: (input: Extract<PreparationTask, { kind: 'plan' }>['input'], signal?: AbortSignal) =>
      pool.run({ kind: 'plan', input }, signal),
    verify: (bytes: Uint8Array, options: { trustedRoots?: Uint8Array[] }, signal?: AbortSignal) =>
      pool.run({ kind: 'verify', bytes, trustedRoots: options.trustedRoots ?? [] }, signal),
    draft: (input: DraftInput, signal?: AbortSignal) => pool.run({ kind: 'draft', input }, signal),
  };
}

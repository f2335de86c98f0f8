/**
 * The body of a preparation worker (see isolation.ts): parses one untrusted document and answers with plain data
 * or a serialised error. Runs in a worker_thread so that a document that loops or allocates without end costs
 * that thread only; the server thread stays free for other clients and for SIGTERM.
 */
import { parentPort } from 'node:worker_threads';
import { KysoError, type PlanResult, serializeError, type VerifyResult } from '@kyso/shared';
import {
  type AppearanceFont,
  type DraftInput,
  draftSignature,
  type PlanInput,
  planDocument,
  type SignatureDraft,
  verifyDocument,
} from '../signing';

export type PreparationTask =
  | { kind: 'plan'; input: PlanInput }
  | { kind: 'verify'; bytes: Uint8Array; trustedRoots: Uint8Array[] }
  | { kind: 'draft'; input: DraftInput };

export type PreparationAnswer<K extends PreparationTask['kind']> = K extends 'plan'
  ? PlanResult
  : K extends 'verify'
    ? VerifyResult
    : SignatureDraft;

/** workerData of a preparation worker: the marker tells a bundle entry which role it runs. */
export interface PreparationWorkerData {
  kysoPreparationWorker: true;
}

async function perform(task: PreparationTask, font: AppearanceFont): Promise<unknown> {
  if (task.kind === 'plan') return planDocument(task.input, font);
  if (task.kind === 'verify') return verifyDocument(task.bytes, { trustedRoots: task.trustedRoots });
  return draftSignature(task.input, font);
}

export function isPreparationWorker(data: unknown): boolean {
  return (data as PreparationWorkerData | undefined)?.kysoPreparationWorker === true;
}

/**
 * Runs each task the parent sends, one at a time, and posts `{ result }` or `{ error }`. The parser keeps no
 * state between documents; the parent ends a worker that overran or failed unexpectedly. `font` is made once by
 * the worker's entry (cli/preparation-worker-entry.ts), which has the bytes.
 */
export function runPreparationWorker(font: AppearanceFont): void {
  parentPort?.on('message', (task: PreparationTask) => void answer(task, font));
}

async function answer(task: PreparationTask, font: AppearanceFont): Promise<void> {
  try {
    parentPort?.postMessage({ result: await perform(task, font) });
  } catch (error) {
    const known = error instanceof KysoError ? error : new KysoError('INTERNAL', { cause: String(error) });
    parentPort?.postMessage({ error: serializeError(known) });
  }
}

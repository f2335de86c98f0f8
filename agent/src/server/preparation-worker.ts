/**
 * The body of a preparation worker (see isolation.ts): parses one untrusted document and answers with plain data
 * or a serialised error. Runs in a worker_thread so that a document that loops or allocates without end costs
 * that thread only; the server thread stays free for other clients and for SIGTERM.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KysoError, type PlanResult, serializeError, type VerifyResult } from '@kyso/shared';
import { type DraftInput, draftSignature, type SignatureDraft, verifyDocument } from '../signing';
import { type PlanInput, planDocument } from './plan-document';

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

async function perform(task: PreparationTask): Promise<unknown> {
  if (task.kind === 'plan') return planDocument(task.input);
  if (task.kind === 'verify') return verifyDocument(task.bytes, { trustedRoots: task.trustedRoots });
  return draftSignature(task.input);
}

/**
 * Runs each task the parent sends, one at a time, and posts `{ result }` or `{ error }`. The parser keeps no
 * state between documents; the parent ends a worker that overran or failed unexpectedly.
 */
export function runPreparationWorker(): void {
  parentPort?.on('message', (task: PreparationTask) => void answer(task));
}

async function answer(task: PreparationTask): Promise<void> {
  try {
    parentPort?.postMessage({ result: await perform(task) });
  } catch (error) {
    const known = error instanceof KysoError ? error : new KysoError('INTERNAL', { cause: String(error) });
    parentPort?.postMessage({ error: serializeError(known) });
  }
}

if ((workerData as PreparationWorkerData | undefined)?.kysoPreparationWorker) runPreparationWorker();

/**
 * The pipeline's two stages behind a loader: the server calls `prepare` before a request waits for the token and
 * `finish` once it holds a logged-in signer. `load` runs on the first call only when the caller makes it lazy
 * (serve does: pdf-lib, fontkit and pkijs load on the first signing request, so the agent listens sooner).
 */
import type * as Signing from '../signing';
import type { DraftInput, SignatureDraft } from '../signing';
import type { SigningStages } from './types';

export type SigningModule = Pick<
  typeof Signing,
  'prepareSigning' | 'finishSigning' | 'signData' | 'completePreparation'
>;

/** Computes a draft elsewhere (isolation.ts: a worker thread); absent → prepared in this thread. */
export type DraftSigning = (input: DraftInput) => Promise<SignatureDraft>;

export function signingStages(load: () => Promise<SigningModule>, draft?: DraftSigning): SigningStages {
  return {
    prepare: async (input) => {
      if (!draft) return (await load()).prepareSigning(input);
      const { onProgress, ...document } = input;
      onProgress?.('preparing', 0);
      const drafted = await draft(document);
      return (await load()).completePreparation(input, drafted);
    },
    finish: async (prepared, signer) => {
      const pipeline = await load();
      const signed = await pipeline.finishSigning(prepared, signer);
      const { sha256Before, sha256After, signedAt, signerName, timestamped, warnings } = signed;
      return { sha256Before, sha256After, signedAt, signerName, timestamped, warnings, parts: signed.parts };
    },
    signData: async (text, signer, attached) => (await load()).signData(text, signer, attached),
  };
}

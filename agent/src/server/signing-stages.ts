/**
 * The pipeline's two stages behind a loader: the server calls `prepare` before a request waits for the token and
 * `finish` once it holds a logged-in signer. `load` runs on the first call only when the caller makes it lazy
 * (serve does: pdf-lib, fontkit and pkijs load on the first signing request, so the agent listens sooner).
 */
import type * as Signing from '../signing';
import type { AppearanceFont, DraftInput, SignatureDraft } from '../signing';
import type { SigningStages } from './types';

export type SigningModule = Pick<
  typeof Signing,
  'draftSignature' | 'finishSigning' | 'signData' | 'completePreparation' | 'measurePlaceholder'
>;

/** Computes a draft elsewhere (isolation.ts: a worker thread, which has its own font). */
export type DraftSigning = (input: DraftInput) => Promise<SignatureDraft>;

/** Where drafts are made: elsewhere (a function), or in this thread with this font for the appearance text. */
export function signingStages(
  load: () => Promise<SigningModule>,
  drafting: DraftSigning | AppearanceFont,
): SigningStages {
  const draft: DraftSigning =
    typeof drafting === 'function' ? drafting : async (input) => (await load()).draftSignature(input, drafting);
  return {
    prepare: async (input) => {
      const { onProgress, ...document } = input;
      onProgress?.('preparing', 0);
      const pipeline = await load();
      // In this thread: measuring may wait for the TSA's sample, and the worker's deadline is for parsing.
      const contentsBytes = await pipeline.measurePlaceholder(input);
      const drafted = await draft({ ...document, contentsBytes });
      return pipeline.completePreparation(input, drafted);
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

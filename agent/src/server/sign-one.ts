/**
 * Signing one document for a request, shared by `pdf.sign` and `batch.sign`, in two steps: `prepareOne` (no
 * token, no PIN: a document that cannot be signed is refused here) and `signOne` (with the logged-in session:
 * sign, send the signed bytes back, journal the outcome without PIN or content).
 */

import { createHash } from 'node:crypto';
import { KysoError, type RequestParams, type Signer, type SignResult } from '@kyso/shared';
import type { PlacementRequest, PreparedSigning, PrepareInput, SigningCertificate } from '../signing';
import type { MethodContext } from './context';
import type { SigningSession } from './types';

type SignParams = RequestParams<'pdf.sign'> | RequestParams<'batch.sign'>;

/** Document and image bytes taken out of the connection's blob store before any waiting starts. */
export interface SignInputs {
  document: Uint8Array;
  image?: Uint8Array;
}

export function takeSignInputs(params: SignParams, context: MethodContext): SignInputs {
  const document = context.client.takeBlob(params.document);
  const imageRef = params.appearance?.image;
  return { document, image: imageRef ? context.client.takeBlob(imageRef) : undefined };
}

/** The protocol counts pages from 1 like users do; the pipeline counts from 0. */
export function toPlacement(placement: SignParams['placement']): PrepareInput['placement'] {
  if ('invisible' in placement) return { invisible: true };
  const request: PlacementRequest = { pageIndex: placement.page === -1 ? -1 : placement.page - 1 };
  if (placement.rect) request.rect = placement.rect;
  return request;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Errors already written to the journal, so an outer handler does not journal them twice. */
const journaled = new WeakSet<object>();

/** `sha256Before` is hashed here only when the pipeline has not already hashed the document (early failures). */
function journalBase(
  params: SignParams,
  inputs: SignInputs,
  context: MethodContext,
  batchId?: string,
  sha256Before = sha256Hex(inputs.document),
) {
  return {
    time: new Date().toISOString(),
    origin: context.client.origin,
    document: params.document.name,
    sha256Before,
    profile: params.profile,
    batchId,
  };
}

/**
 * Journals a failure that happened before or around signing (queue cancelled, wrong PIN, token gone) unless
 * it was journaled already; returns the error as a KysoError for rethrowing.
 */
export async function journalFailure(
  thrown: unknown,
  params: SignParams,
  inputs: SignInputs | undefined,
  context: MethodContext,
  batchId?: string,
): Promise<KysoError> {
  const error = asKysoError(thrown, context.signal);
  if (journaled.has(thrown as object) || journaled.has(error) || !inputs) return error;
  journaled.add(error);
  const result = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
  await context.agent.options.journal
    .append({ ...journalBase(params, inputs, context, batchId), result, error: error.code })
    .catch(() => undefined);
  return error;
}

/**
 * A preparation older than this is redone with the current time before signing: the time written in /M and in
 * the appearance should be when the token signed, not when the request started waiting behind another batch.
 */
const STALE_PREPARATION_MS = 30_000;

/** Parses, validates, places, reserves the placeholder and digests: everything that needs no token. */
export async function prepareOne(
  params: SignParams,
  inputs: SignInputs,
  certificate: SigningCertificate,
  context: MethodContext,
): Promise<PreparedSigning> {
  context.signal.throwIfAborted();
  const prepared = await context.agent.options.signing.prepare({
    document: inputs.document,
    signerCertificate: certificate,
    placement: toPlacement(params.placement),
    appearance:
      inputs.image || params.appearance?.text ? { image: inputs.image, lines: params.appearance?.text } : undefined,
    profile: params.profile,
    profileOptions: params.profileOptions,
    issuance: params.issuance,
    reason: params.reason,
    location: params.location,
    timestamp: context.agent.options.timestamp,
    onProgress: (stage, percent) => context.progress(stage, percent === undefined ? undefined : { percent }),
  });
  context.signal.throwIfAborted();
  return prepared;
}

/** Prepares again when the session signs with other bytes than prepared for (chain after login) or too late. */
async function current(
  prepared: PreparedSigning,
  certificate: SigningCertificate,
  context: MethodContext,
): Promise<PreparedSigning> {
  const stale = Date.now() - Date.parse(prepared.signedAt) > STALE_PREPARATION_MS;
  if (!stale && sameCertificate(prepared.input.signerCertificate, certificate)) return prepared;
  return context.agent.options.signing.prepare({
    ...prepared.input,
    signerCertificate: certificate,
    signingTime: undefined,
  });
}

export async function signOne(
  params: SignParams,
  inputs: SignInputs,
  prepared: PreparedSigning,
  session: SigningSession,
  signer: Signer,
  context: MethodContext,
  batchId?: string,
): Promise<SignResult> {
  const { options } = context.agent;
  const base = {
    ...journalBase(params, inputs, context, batchId, prepared.digests.sha256Before),
    certificate: { subject: session.certificate.subject, serial: session.certificate.serial },
  };
  try {
    context.signal.throwIfAborted();
    const ready = await current(prepared, session.signingCertificate, context);
    const signed = await options.signing.finish(ready, signer);
    // Cancelled while the token was signing: the client asked for nothing to come back.
    context.signal.throwIfAborted();
    const document = context.client.sendBlob(signed.parts, params.document.name);
    await options.journal.append({ ...base, sha256After: signed.sha256After, result: 'signed' });
    context.progress('done', { percent: 100 });
    return {
      document,
      sha256Before: signed.sha256Before,
      sha256After: signed.sha256After,
      signer: signed.signerName,
      signedAt: signed.signedAt,
      timestamped: signed.timestamped,
      warnings: [...ready.warnings, ...signed.warnings],
    };
  } catch (thrown) {
    const error = asKysoError(thrown, context.signal);
    journaled.add(error);
    const result = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
    await options.journal.append({ ...base, result, error: error.code }).catch(() => undefined);
    throw error;
  }
}

function sameCertificate(a: SigningCertificate, b: SigningCertificate): boolean {
  const same = (x: Uint8Array, y: Uint8Array) => Buffer.from(x).equals(Buffer.from(y));
  return (
    same(a.certificate, b.certificate) &&
    a.chain.length === b.chain.length &&
    a.chain.every((c, i) => same(c, b.chain[i]!))
  );
}

/** An abort reason is our CANCELLED error; DOMException aborts from libraries become CANCELLED too. */
export function asKysoError(error: unknown, signal?: AbortSignal): KysoError {
  if (error instanceof KysoError) return error;
  if (signal?.aborted) return signal.reason instanceof KysoError ? signal.reason : new KysoError('CANCELLED');
  return new KysoError('INTERNAL', { cause: String((error as Error)?.message ?? error) });
}

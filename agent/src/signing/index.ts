/**
 * The signing pipeline: placement → placeholder → digest → Signer → CMS → embed → verify → (atomic write).
 */
import type { Signer } from '@kyso/shared';
import type { AppearanceFont } from '../pdf';
import { finishSigning, type PrepareInput, prepareSigning, type SignedDocument } from './pipeline';

export { AppearanceFont } from '../pdf';

export { certificatesFromPem } from '../x509/certificate-files';
export { type BuiltChain, buildChain, completeChain, type IncompleteChain } from '../x509/path-building';
export { notForSigningWarning } from '../x509/signing-usage';
export { writeFileAtomically } from './atomic-write';
export { type SignedData, signData } from './data';
export { checkPng, type ImageCheck } from './image-check';
export { type Issuance, issueDateParts } from './issuance';
export {
  completePreparation,
  type DraftInput,
  defaultAppearanceLines,
  draftSignature,
  finishSigning,
  measurePlaceholder,
  type PlacementRequest,
  type PreparedSigning,
  type PrepareInput,
  prepareSigning,
  type SignatureDraft,
  type SignedDocument,
  type SigningCertificate,
} from './pipeline';
export { contentsReserve, type ReserveInput, TIME_STAMP_MARGIN, UNMEASURED_TIME_STAMP_BYTES } from './placeholder';
export { type PlanInput, planDocument } from './plan-document';
export { type ProfilePlan, planProfile } from './profiles';
export { checkTsaUrl, httpTimeStampTransport, type TimeStampAuthority } from './tsa-client';
export { type VerifyOptions, verifyDocument } from './verify';

export interface SignDocumentInput extends Omit<PrepareInput, 'signerCertificate'> {
  signer: Signer;
  signal?: AbortSignal;
}

/** Both stages in one call, for callers that already hold a logged-in signer. */
export async function signDocument(input: SignDocumentInput, font: AppearanceFont): Promise<SignedDocument> {
  const { signer, signal, ...rest } = input;
  signal?.throwIfAborted();
  const prepared = await prepareSigning(
    { ...rest, signerCertificate: { certificate: signer.certificate, chain: signer.chain } },
    font,
  );
  signal?.throwIfAborted();
  return finishSigning(prepared, signer);
}

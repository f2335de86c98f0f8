/**
 * The signing pipeline (STYLE.md "What we take" 1): prepare field → reserve placeholder → digest byte range →
 * Signer.signDigest → CMS → embed → verify. Being written by the lead; the shapes below are the contract.
 */
import type { ProfileName, ProgressStage, Signer, VerifyResult } from '@kyso/shared';
import { KysoError } from '@kyso/shared';

export interface PlacementRequest {
  /** 0-based page index; -1 is the last page. */
  pageIndex: number;
  /** Points from the bottom-left of the visible page; absent → the profile's automatic placement. */
  rect?: { x: number; y: number; width: number; height: number };
}

export interface SignDocumentInput {
  /** Never modified. */
  document: Uint8Array;
  signer: Signer;
  placement: PlacementRequest | { invisible: true };
  appearance?: { image?: Uint8Array; lines?: string[] };
  profile?: ProfileName;
  issuance?: { number: string; date: string };
  reason?: string;
  location?: string;
  signingTime?: Date;
  onProgress?: (stage: ProgressStage, percent?: number) => void;
  signal?: AbortSignal;
}

export interface SignedDocument {
  /** The signed PDF: the original bytes followed by one incremental update. */
  bytes: Uint8Array;
  sha256Before: string;
  sha256After: string;
  /** ISO 8601 with +07:00. */
  signedAt: string;
  signerName: string;
}

export async function signDocument(_input: SignDocumentInput): Promise<SignedDocument> {
  throw new KysoError('INTERNAL', { reason: 'signing pipeline not built yet' });
}

export async function verifyDocument(_bytes: Uint8Array, _options: { trustedRoots?: Uint8Array[] } = {}): Promise<VerifyResult> {
  throw new KysoError('INTERNAL', { reason: 'verify not built yet' });
}

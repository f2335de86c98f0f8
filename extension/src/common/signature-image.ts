/**
 * The leader's handwritten-signature image (Decree 30, Appendix I: blue, PNG with a transparent background) and the
 * organisation's seal (red, PNG with a transparent background, drawn at its real size), kept in storage.local and
 * drawn by the agent inside the signature box. Only PNG is accepted, and small.
 */
import browser from 'webextension-polyfill';
import { bytesToBase64 } from './base64';

export const MAX_SIGNATURE_IMAGE_BYTES = 512 * 1024;
/** `signature`: the competent person's handwriting (leader); `seal`: the organisation's seal (clerk). */
export type ImageKind = 'signature' | 'seal';
const KEYS: Record<ImageKind, string> = { signature: 'signatureImage', seal: 'sealImage' };
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface SignatureImage {
  name: string;
  /** PNG bytes, base64 (storage holds JSON). */
  pngBase64: string;
}

export function isPng(bytes: Uint8Array): boolean {
  return PNG_MAGIC.every((b, i) => bytes[i] === b);
}

/** A file the user chose, as a stored image: undefined when it is not a PNG or too large (the caller says so). */
export async function readSignatureImageFile(file: File): Promise<SignatureImage | undefined> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isPng(bytes) || bytes.length > MAX_SIGNATURE_IMAGE_BYTES) return undefined;
  return { name: file.name, pngBase64: bytesToBase64(bytes) };
}

export async function loadSignatureImage(kind: ImageKind = 'signature'): Promise<SignatureImage | undefined> {
  const key = KEYS[kind];
  const value = (await browser.storage.local.get(key))[key] as SignatureImage | undefined;
  return value && typeof value.pngBase64 === 'string' ? value : undefined;
}

export async function saveSignatureImage(
  image: SignatureImage | undefined,
  kind: ImageKind = 'signature',
): Promise<void> {
  if (image) await browser.storage.local.set({ [KEYS[kind]]: image });
  else await browser.storage.local.remove(KEYS[kind]);
}

/** The image a profile draws: the handwriting for the leader, the seal for the organisation; none for text profiles. */
export function imageKindFor(profile: string | undefined): ImageKind | undefined {
  if (profile === 'leader') return 'signature';
  if (profile === 'organization') return 'seal';
  return undefined;
}

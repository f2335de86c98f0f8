/**
 * The leader's handwritten-signature image (Decree 30, Appendix I: blue, PNG with a transparent background),
 * kept in storage.local and drawn by the agent inside the signature box. Only PNG is accepted, and small.
 */
import browser from 'webextension-polyfill';

export const MAX_SIGNATURE_IMAGE_BYTES = 512 * 1024;
const KEY = 'signatureImage';
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface SignatureImage {
  name: string;
  /** PNG bytes, base64 (storage holds JSON). */
  pngBase64: string;
}

export function isPng(bytes: Uint8Array): boolean {
  return PNG_MAGIC.every((b, i) => bytes[i] === b);
}

export async function loadSignatureImage(): Promise<SignatureImage | undefined> {
  const value = (await browser.storage.local.get(KEY))[KEY] as SignatureImage | undefined;
  return value && typeof value.pngBase64 === 'string' ? value : undefined;
}

export async function saveSignatureImage(image: SignatureImage | undefined): Promise<void> {
  if (image) await browser.storage.local.set({ [KEY]: image });
  else await browser.storage.local.remove(KEY);
}

export function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

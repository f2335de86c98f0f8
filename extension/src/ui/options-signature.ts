/**
 * Options: choosing the handwritten-signature PNG (leader) and the seal PNG (organisation) — checked, size-capped,
 * previewed, removable. Elements are named `<kind>-file`, `<kind>-preview`, `<kind>-remove`, `<kind>-error`,
 * `<kind>-empty`, `<kind>-name`. The file input itself is hidden behind a label in the page's language: Chromium's
 * own button follows the browser's UI language ("Choose File / No file chosen"), not the staff's.
 */

import { bytesToBase64 } from '../common/base64';
import type { Translator } from '../common/i18n';
import {
  type ImageKind,
  isPng,
  loadSignatureImage,
  MAX_SIGNATURE_IMAGE_BYTES,
  saveSignatureImage,
} from '../common/signature-image';
import { byId, showLines } from './ui-common';

async function showPreview(t: Translator, kind: ImageKind): Promise<void> {
  const image = await loadSignatureImage(kind);
  const preview = byId<HTMLImageElement>(`${kind}-preview`);
  preview.hidden = !image;
  byId(`${kind}-empty`).hidden = !!image;
  byId(`${kind}-remove`).hidden = !image;
  byId(`${kind}-name`).textContent = image ? t.t('optionsImageChosen', image.name) : '';
  if (image) preview.src = `data:image/png;base64,${image.pngBase64}`;
}

async function setupImage(t: Translator, kind: ImageKind): Promise<void> {
  const input = byId<HTMLInputElement>(`${kind}-file`);
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!isPng(bytes) || bytes.length > MAX_SIGNATURE_IMAGE_BYTES) {
      showLines(byId(`${kind}-error`), [t.t('optionsSignatureInvalid')]);
      return;
    }
    showLines(byId(`${kind}-error`), []);
    await saveSignatureImage({ name: file.name, pngBase64: bytesToBase64(bytes) }, kind);
    await showPreview(t, kind);
  });
  byId(`${kind}-remove`).addEventListener('click', async () => {
    await saveSignatureImage(undefined, kind);
    input.value = '';
    await showPreview(t, kind);
  });
  await showPreview(t, kind);
}

export async function setupSignatureImage(t: Translator): Promise<void> {
  await setupImage(t, 'signature');
  await setupImage(t, 'seal');
}

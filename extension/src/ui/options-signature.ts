/** Options: choosing the handwritten-signature PNG (checked, size-capped, previewed, removable). */
import type { Translator } from '../common/i18n';
import {
  bytesToBase64, isPng, loadSignatureImage, MAX_SIGNATURE_IMAGE_BYTES, saveSignatureImage,
} from '../common/signature-image';
import { byId, showLines } from './ui-common';

async function showPreview(): Promise<void> {
  const image = await loadSignatureImage();
  const preview = byId<HTMLImageElement>('signature-preview');
  preview.hidden = !image;
  byId('signature-remove').hidden = !image;
  if (image) preview.src = `data:image/png;base64,${image.pngBase64}`;
}

export async function setupSignatureImage(t: Translator): Promise<void> {
  const input = byId<HTMLInputElement>('signature-file');
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!isPng(bytes) || bytes.length > MAX_SIGNATURE_IMAGE_BYTES) {
      showLines(byId('signature-error'), [t.t('optionsSignatureInvalid')]);
      return;
    }
    showLines(byId('signature-error'), []);
    await saveSignatureImage({ name: file.name, pngBase64: bytesToBase64(bytes) });
    await showPreview();
  });
  byId('signature-remove').addEventListener('click', async () => {
    await saveSignatureImage(undefined);
    input.value = '';
    await showPreview();
  });
  await showPreview();
}

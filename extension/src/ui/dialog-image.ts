/**
 * The image a profile draws (the leader's handwriting, the organisation's seal), shown inside the box; when none
 * was chosen the dialog asks for it right here — stored like the options page does — and says what is drawn
 * otherwise (the signer's name and the signing time, never an empty box).
 */
import type { Translator } from '../common/i18n';
import {
  type ImageKind,
  loadSignatureImage,
  readSignatureImageFile,
  saveSignatureImage,
} from '../common/signature-image';
import { byId, showLines } from './ui-common';

export class ImageChooser {
  private kind: ImageKind | undefined;
  private readonly input = byId<HTMLInputElement>('image-file');

  /** `onChosen`: a new image changes the box's aspect, so the placement is planned again. */
  constructor(
    private readonly t: Translator,
    private readonly onChosen: () => void,
  ) {
    this.input.addEventListener('change', () => void this.choose());
  }

  /** Shows the profile's image in the box, or the prompt when it has none. */
  async show(kind: ImageKind | undefined): Promise<void> {
    this.kind = kind;
    const img = byId<HTMLImageElement>('signature-image');
    const image = kind ? await loadSignatureImage(kind) : undefined;
    img.hidden = !image;
    if (image) img.src = `data:image/png;base64,${image.pngBase64}`;
    const prompt = byId('image-prompt');
    prompt.hidden = !kind || !!image;
    document.body.dataset.image = kind ? (image ? 'chosen' : 'missing') : 'none';
    if (kind && !image) {
      byId('image-prompt-text').textContent = this.t.t(kind === 'seal' ? 'dialogSealMissing' : 'dialogImageMissing');
      byId('image-file-label').textContent = this.t.t(kind === 'seal' ? 'dialogChooseSeal' : 'dialogChooseImage');
    }
  }

  private async choose(): Promise<void> {
    const file = this.input.files?.[0];
    const kind = this.kind;
    if (!file || !kind) return;
    const image = await readSignatureImageFile(file);
    showLines(byId('image-error'), image ? [] : [this.t.t('optionsSignatureInvalid')]);
    if (!image) return;
    await saveSignatureImage(image, kind);
    this.input.value = '';
    await this.show(kind);
    this.onChosen();
  }
}

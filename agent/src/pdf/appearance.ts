/**
 * Widget appearances (ISO 32000-1 §12.5.5): form XObjects drawing a PNG (alpha as /SMask, §11.6.5.3) and
 * text lines in an embedded subset of a Unicode TrueType font (Type0/CIDFontType2 + ToUnicode, §9.7, §9.10.3).
 * pdf-lib is used only as an object factory on a throwaway document; its objects are copied into our update.
 */
import { KysoError } from '@kyso/shared';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFImage } from 'pdf-lib';
import { copyFromPdfLib } from './factory';
import { appearanceMatrix, type PdfRect } from './geometry';
import { formatNumber, PdfArray, PdfDict, PdfName, type PdfRef, PdfStream } from './objects';
import type { PageInfo } from './pages';
import type { IncrementalWriter } from './writer';

export interface TextLine {
  text: string;
  fontSize: number;
  /** RGB 0..1, default black. */
  color?: [number, number, number];
}

export interface SignatureAppearance {
  /** PNG; transparency becomes an /SMask. */
  image?: Uint8Array;
  lines?: TextLine[];
  /** Where the image goes inside the box (box coordinates); default: the whole box. */
  imageRect?: PdfRect;
}

export interface AppearanceSpec {
  /** Box size as the user sees it (before page rotation). */
  width: number;
  height: number;
  rotate: PageInfo['rotate'];
  appearance?: SignatureAppearance;
}

const PADDING = 2;
const LEADING = 1.2;
const ASCENT = 0.9;
const MIN_FONT_SIZE = 3;
const FONT_NAME = 'KysoF1';

type ParsedFont = ReturnType<typeof fontkit.create>;

/**
 * The TrueType font appearance text is drawn in (Liberation Serif: metric-compatible with Times New Roman, every
 * Vietnamese letter), made once at start-up by whoever has the bytes — the bundle carries them inside itself —
 * and passed to everything that measures or draws text. fontkit parses every table on each create(): the one parse is kept here
 * and serves every appearance (it is only read; a batch signs dozens a minute).
 */
export class AppearanceFont {
  private parsedFont: ParsedFont | undefined;

  constructor(readonly bytes: Uint8Array) {
    // A bundler that turned the font import into a file name instead of bytes would fail later, in a request.
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      throw new KysoError('INTERNAL', { reason: 'the appearance font is not font bytes' });
    }
  }

  get parsed(): ParsedFont {
    this.parsedFont ??= fontkit.create(this.bytes);
    return this.parsedFont;
  }

  /** Width in points of a line drawn in this font (for sizing boxes that hug their text). */
  textWidth(text: string, fontSize: number): number {
    const font = this.parsed;
    return (font.layout(text).advanceWidth * fontSize) / font.unitsPerEm;
  }

  /** The fontkit pdf-lib sees: same API, this font's one parse reused across documents. */
  fontkit(): typeof fontkit {
    return { ...fontkit, create: (bytes: Uint8Array) => (bytes === this.bytes ? this.parsed : fontkit.create(bytes)) };
  }
}

/**
 * Writes one form XObject per spec (plus the shared font and the images) into the update.
 * Returns the form references in spec order and the font reference when text was drawn.
 */
export async function writeAppearances(
  specs: AppearanceSpec[],
  writer: IncrementalWriter,
  appearanceFont: AppearanceFont,
): Promise<{ forms: PdfRef[]; font?: PdfRef }> {
  const factory = await PDFDocument.create({ updateMetadata: false });
  factory.registerFontkit(appearanceFont.fontkit());
  const needsFont = specs.some((s) => (s.appearance?.lines ?? []).some((l) => l.text.length > 0));
  const font = needsFont ? await factory.embedFont(appearanceFont.bytes, { subset: true }) : undefined;
  const images = await Promise.all(specs.map((s) => embedImage(factory, s.appearance?.image)));
  const contents = specs.map((spec, i) => drawContent(spec, font, images[i]));
  // A visible box that draws nothing looks signed to nobody: refuse rather than write `/Length 0`.
  if (contents.some((c) => c.trim() === '')) throw new KysoError('APPEARANCE_EMPTY');
  await factory.flush();
  const refMap = new Map<string, PdfRef>();
  const copy = (ref: PDFImage['ref']) => copyFromPdfLib(factory.context, ref, writer, refMap);
  const fontRef = font ? copy(font.ref) : undefined;
  const forms = specs.map((spec, i) => {
    const image = images[i];
    const resources = new PdfDict();
    if (fontRef && contents[i]!.includes(`/${FONT_NAME}`)) {
      resources.set('Font', new PdfDict([[FONT_NAME, fontRef]]));
    }
    if (image) resources.set('XObject', new PdfDict([['Im1', copy(image.ref)]]));
    const ref = writer.allocate();
    writer.writeObject(ref, formXObject(spec, resources, contents[i]!));
    return ref;
  });
  return fontRef ? { forms, font: fontRef } : { forms };
}

/** Matches the image check of the signing layer: a seal or signature needs far fewer pixels. */
const MAX_IMAGE_PIXELS = 16_000_000;

async function embedImage(factory: PDFDocument, png: Uint8Array | undefined): Promise<PDFImage | undefined> {
  if (!png) return undefined;
  // pdf-lib inflates the whole image into RGBA: refuse sizes from the header before it does (IHDR, ISO/IEC 15948).
  const header = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const pixels = header.length >= 24 ? header.readUInt32BE(16) * header.readUInt32BE(20) : 0;
  if (pixels > MAX_IMAGE_PIXELS)
    throw new KysoError('IMAGE_INVALID', { reason: `image of ${pixels} pixels is too large` });
  try {
    return await factory.embedPng(png);
  } catch (error) {
    throw new KysoError('IMAGE_INVALID', { reason: (error as Error).message });
  }
}

/** A form XObject (§8.10): /BBox is the upright box, /Matrix turns it against the page's /Rotate. */
function formXObject(spec: AppearanceSpec, resources: PdfDict, content: string): PdfStream {
  const dict = new PdfDict([
    ['Type', PdfName.of('XObject')],
    ['Subtype', PdfName.of('Form')],
    ['BBox', new PdfArray([0, 0, spec.width, spec.height])],
    ['Matrix', new PdfArray(appearanceMatrix(spec.rotate, spec.width, spec.height))],
    ['Resources', resources],
  ]);
  return new PdfStream(dict, Buffer.from(content, 'latin1'));
}

function drawContent(spec: AppearanceSpec, font: PDFFont | undefined, image: PDFImage | undefined): string {
  let ops = '';
  if (image)
    ops += drawImage(image, spec.appearance?.imageRect ?? { x: 0, y: 0, width: spec.width, height: spec.height });
  const lines = (spec.appearance?.lines ?? []).filter((l) => l.text.length > 0);
  if (font && lines.length > 0) ops += drawLines(lines, font, spec.width, spec.height);
  return ops;
}

/** The image fitted into the rect keeping its aspect ratio, centred. */
function drawImage(image: PDFImage, rect: PdfRect): string {
  const scale = Math.min(rect.width / image.width, rect.height / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  const x = rect.x + (rect.width - w) / 2;
  const y = rect.y + (rect.height - h) / 2;
  return `q ${[w, 0, 0, h, x, y].map(formatNumber).join(' ')} cm /Im1 Do Q\n`;
}

/** Lines stacked from the top, left aligned; all sizes shrink by one factor until everything fits. */
function drawLines(lines: TextLine[], font: PDFFont, width: number, height: number): string {
  const availableW = Math.max(1, width - 2 * PADDING);
  const availableH = Math.max(1, height - 2 * PADDING);
  const neededH = lines.reduce((sum, l) => sum + l.fontSize * LEADING, 0);
  let scale = Math.min(1, availableH / neededH);
  for (const line of lines) scale = Math.min(scale, availableW / font.widthOfTextAtSize(line.text, line.fontSize));
  let top = height - PADDING;
  let ops = '';
  for (const line of lines) {
    const size = Math.max(MIN_FONT_SIZE, line.fontSize * scale);
    const baseline = top - size * ASCENT;
    const [r, g, b] = line.color ?? [0, 0, 0];
    const rgb = [r, g, b].map(formatNumber).join(' ');
    const text = font.encodeText(line.text).toString();
    ops += `BT /${FONT_NAME} ${formatNumber(size)} Tf ${rgb} rg ${formatNumber(PADDING)} ${formatNumber(baseline)} Td ${text} Tj ET\n`;
    top -= size * LEADING;
  }
  return ops;
}

/** An empty appearance for an invisible signature (§12.7.4.5 still wants an /AP for PDF/A). */
export function emptyAppearance(): PdfStream {
  const dict = new PdfDict([
    ['Type', PdfName.of('XObject')],
    ['Subtype', PdfName.of('Form')],
    ['BBox', new PdfArray([0, 0, 0, 0])],
  ]);
  return new PdfStream(dict, new Uint8Array());
}

/**
 * Checks a signature or seal PNG before it is drawn (Decree 30 Appendix I: the signature image blue, the seal red,
 * both with a transparent background). Reads the PNG itself (ISO/IEC 15948: IHDR, PLTE, tRNS, IDAT with the five
 * row filters) so the verdict does not depend on the drawing library. Never refuses: it reports, the caller warns.
 */
import { inflateSync } from 'node:zlib';
import { KysoError } from '@kyso/shared';

export type InkColour = 'blue' | 'red' | 'black' | 'other' | 'none';

export interface ImageCheck {
  width: number;
  height: number;
  /** Some pixels are (mostly) transparent: the page shows through. */
  transparent: boolean;
  /** The colour of most visible, non-white pixels; undefined when not analysed (interlaced PNG). */
  dominant?: InkColour;
}

interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlaced: boolean;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const MAX_SAMPLES = 200_000;
/** A signature or seal drawn at a few centimetres needs far less; pdf-lib decodes the image to RGBA in memory. */
const MAX_IMAGE_PIXELS = 16_000_000;
const MAX_IMAGE_BYTES = 128 * 1024 * 1024;

function invalid(reason: string): KysoError {
  return new KysoError('IMAGE_INVALID', { reason });
}

export function checkPng(png: Uint8Array): ImageCheck {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) throw invalid('not a PNG file');
  const { header, palette, trns, idat } = readChunks(bytes);
  const channels = CHANNELS[header.colourType];
  if (!channels || ![1, 2, 4, 8, 16].includes(header.depth)) throw invalid('unsupported PNG colour type or depth');
  const canBeTransparent = header.colourType === 4 || header.colourType === 6 || trns !== undefined;
  const base = { width: header.width, height: header.height };
  if (header.interlaced) return { ...base, transparent: canBeTransparent };
  // The filtered rows are exactly height × (1 + stride) bytes (ISO/IEC 15948 §9): inflate no more than that.
  const rowsSize = header.height * (1 + Math.ceil((header.width * channels * header.depth) / 8));
  if (header.width * header.height > MAX_IMAGE_PIXELS || rowsSize > MAX_IMAGE_BYTES) {
    throw invalid(`image of ${header.width}×${header.height} pixels is too large to draw`);
  }
  let data: Buffer;
  try {
    data = inflateSync(idat, { maxOutputLength: rowsSize + 1 });
  } catch (error) {
    throw invalid(`cannot inflate image data: ${(error as Error).message}`);
  }
  const pixel = pixelReader(header, channels, unfilter(data, header, channels), palette, trns);
  return { ...base, ...analyse(header, pixel) };
}

function readChunks(bytes: Buffer): { header: Header; palette?: Buffer; trns?: Buffer; idat: Buffer } {
  let header: Header | undefined;
  let palette: Buffer | undefined;
  let trns: Buffer | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8] ?? 0,
        colourType: body[9] ?? 0,
        interlaced: body[12] === 1,
      };
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') trns = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header || header.width === 0 || header.height === 0) throw invalid('PNG without a valid IHDR');
  return { header, palette, trns, idat: Buffer.concat(idat) };
}

/** Reverses the per-row filters (None, Sub, Up, Average, Paeth). */
function unfilter(data: Buffer, h: Header, channels: number): Buffer[] {
  const bpp = Math.max(1, (channels * h.depth) >> 3);
  const stride = Math.ceil((h.width * channels * h.depth) / 8);
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < h.height; y++) {
    const start = y * (stride + 1);
    if (start + stride + 1 > data.length) throw invalid('image data is shorter than the image');
    const filter = data[start];
    const row = Buffer.from(data.subarray(start + 1, start + 1 + stride));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter ?? 0] ?? 0;
      row[i] = (row[i]! + predictor) & 0xff;
    }
    rows.push(row);
    prev = row;
  }
  return rows;
}

type Rgba = [number, number, number, number];

function pixelReader(
  h: Header,
  channels: number,
  rows: Buffer[],
  palette?: Buffer,
  trns?: Buffer,
): (x: number, y: number) => Rgba {
  const max = (1 << h.depth) - 1;
  const sample = (row: Buffer, index: number): number => {
    if (h.depth === 16) return row[index * 2] ?? 0;
    if (h.depth === 8) return row[index] ?? 0;
    const bit = index * h.depth;
    const value = ((row[bit >> 3] ?? 0) >> (8 - h.depth - (bit & 7))) & max;
    return h.colourType === 3 ? value : Math.round((value * 255) / max);
  };
  const key = (i: number): number => (trns && trns.length >= 2 * (i + 1) ? trns.readUInt16BE(2 * i) : -1);
  return (x, y) => {
    const row = rows[y]!;
    const s = (c: number) => sample(row, x * channels + c);
    switch (h.colourType) {
      case 0: {
        const g = s(0);
        return [g, g, g, trns && g === (h.depth === 16 ? key(0) >> 8 : key(0)) ? 0 : 255];
      }
      case 2: {
        const rgb = [s(0), s(1), s(2)];
        const t = trns !== undefined && rgb.every((v, i) => v === (h.depth === 16 ? key(i) >> 8 : key(i)));
        return [rgb[0]!, rgb[1]!, rgb[2]!, t ? 0 : 255];
      }
      case 3: {
        const i = s(0);
        return [palette?.[3 * i] ?? 0, palette?.[3 * i + 1] ?? 0, palette?.[3 * i + 2] ?? 0, trns?.[i] ?? 255];
      }
      case 4:
        return [s(0), s(0), s(0), s(1)];
      default:
        return [s(0), s(1), s(2), s(3)];
    }
  };
}

/** Classifies one visible pixel by hue (HSV): blue 180–270°, red below 20° or from 330°. */
export function inkColour([r, g, b]: [number, number, number]): InkColour {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max < 60 || max - min < 0.25 * max) return 'black';
  const d = max - min;
  let hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  hue = (hue * 60 + 360) % 360;
  if (hue >= 180 && hue < 270) return 'blue';
  if (hue < 20 || hue >= 330) return 'red';
  return 'other';
}

function analyse(h: Header, pixel: (x: number, y: number) => Rgba): { transparent: boolean; dominant: InkColour } {
  const step = Math.max(1, Math.floor(Math.sqrt((h.width * h.height) / MAX_SAMPLES)));
  const counts: Record<InkColour, number> = { blue: 0, red: 0, black: 0, other: 0, none: 0 };
  let transparent = false;
  for (let y = 0; y < h.height; y += step) {
    for (let x = 0; x < h.width; x += step) {
      const [r, g, b, a] = pixel(x, y);
      if (a < 128) {
        transparent = true;
        continue;
      }
      if (r > 220 && g > 220 && b > 220) continue; // a white background is not ink
      counts[inkColour([r, g, b])]++;
    }
  }
  const ranked = (['blue', 'red', 'black', 'other'] as const)
    .filter((c) => counts[c] > 0)
    .sort((a, b) => counts[b] - counts[a]);
  return { transparent, dominant: ranked[0] ?? 'none' };
}

/**
 * Stream decoding for the streams the reader itself needs (xref streams, object streams):
 * FlateDecode with PNG and TIFF predictors (ISO 32000-1 §7.4.4). Other filters are refused.
 */
import { inflateSync } from 'node:zlib';
import { malformed } from './cursor';
import { isName, PdfArray, PdfDict, type PdfObject, type PdfStream } from './objects';

export function decodeStream(stream: PdfStream): Uint8Array {
  const filters = asList(stream.dict.get('Filter'));
  const params = asList(stream.dict.get('DecodeParms'));
  let data = stream.data;
  filters.forEach((filter, i) => {
    if (!isName(filter, 'FlateDecode')) throw malformed(`unsupported stream filter ${String(filter)}`);
    const parms = params[i];
    data = unpredict(inflate(data), parms instanceof PdfDict ? parms : undefined);
  });
  return data;
}

function asList(value: PdfObject | undefined): PdfObject[] {
  if (value === undefined || value === null) return [];
  return value instanceof PdfArray ? value.items : [value];
}

function inflate(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a missing final block */ });
  } catch (error) {
    throw malformed(`cannot inflate stream: ${(error as Error).message}`);
  }
}

function intParam(parms: PdfDict, key: string, fallback: number): number {
  const value = parms.get(key);
  return typeof value === 'number' ? value : fallback;
}

/** Reverses the predictor of §7.4.4.4 (Table 8): 2 = TIFF, ≥10 = PNG with a filter byte per row. */
function unpredict(data: Uint8Array, parms: PdfDict | undefined): Uint8Array {
  const predictor = parms ? intParam(parms, 'Predictor', 1) : 1;
  if (predictor === 1 || !parms) return data;
  const colors = intParam(parms, 'Colors', 1);
  const bits = intParam(parms, 'BitsPerComponent', 8);
  const columns = intParam(parms, 'Columns', 1);
  const bpp = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowLength = Math.ceil((colors * bits * columns) / 8);
  if (predictor === 2) return unpredictTiff(data, bpp, rowLength, bits);
  return unpredictPng(data, bpp, rowLength);
}

function unpredictTiff(data: Uint8Array, bpp: number, rowLength: number, bits: number): Uint8Array {
  if (bits !== 8) throw malformed('TIFF predictor with other than 8 bits per component');
  const out = Uint8Array.from(data);
  for (let row = 0; row + rowLength <= out.length; row += rowLength) {
    for (let i = bpp; i < rowLength; i++) out[row + i] = (out[row + i]! + out[row + i - bpp]!) & 0xff;
  }
  return out;
}

function unpredictPng(data: Uint8Array, bpp: number, rowLength: number): Uint8Array {
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLength + i - bpp]! : 0;
      out[dst + i] = (data[src + i]! + pngPredict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function pngPredict(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw malformed(`bad PNG predictor row type ${type}`);
  }
}

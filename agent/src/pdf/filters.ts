/**
 * Stream decoding for the streams the reader itself needs (xref streams, object streams):
 * FlateDecode with PNG and TIFF predictors (ISO 32000-1 §7.4.4). Other filters are refused.
 * Every inflate is bounded: deflate expands up to ~1032:1, so a small file can claim gigabytes.
 */
import { inflateSync } from 'node:zlib';
import { KysoError } from '@kyso/shared';
import { malformed } from './cursor';
import { isName, PdfArray, PdfDict, type PdfObject, type PdfStream } from './objects';

/** No single decoded stream larger than this, whatever the file size. */
const HARD_STREAM_LIMIT = 128 * 1024 * 1024;
/** Small files still get this much per stream (a page of scanned text compresses ~10:1). */
const MIN_STREAM_LIMIT = 16 * 1024 * 1024;
/** Legitimate streams of real producers stay far below 100:1 of the whole file. */
const RATIO_TO_FILE = 100;
/** All decodes of one document together (the text extractor may decode a page's streams more than once). */
const TOTAL_FACTOR = 4;

/**
 * What one document may inflate: per stream min(hard limit, max(floor, 100 × file size)), four times that in
 * total. Over it the document is refused with PDF_TOO_COMPLEX instead of exhausting memory.
 */
export class InflateBudget {
  readonly perStream: number;
  private remaining: number;

  constructor(fileSize: number) {
    this.perStream = Math.min(HARD_STREAM_LIMIT, Math.max(MIN_STREAM_LIMIT, RATIO_TO_FILE * fileSize));
    this.remaining = TOTAL_FACTOR * this.perStream;
  }

  /** The most the next stream may inflate to. */
  get next(): number {
    return Math.min(this.perStream, this.remaining);
  }

  spend(bytes: number): void {
    this.remaining -= bytes;
    if (this.remaining < 0) throw tooComplex('the streams inflate to more than the document may use');
  }
}

export function tooComplex(reason: string): KysoError {
  return new KysoError('PDF_TOO_COMPLEX', { reason });
}

export function decodeStream(stream: PdfStream, budget: InflateBudget): Uint8Array {
  const filters = asList(stream.dict.get('Filter'));
  const params = asList(stream.dict.get('DecodeParms'));
  let data = stream.data;
  filters.forEach((filter, i) => {
    if (!isName(filter, 'FlateDecode')) throw malformed(`unsupported stream filter ${String(filter)}`);
    const parms = params[i];
    data = unpredict(inflate(data, budget), parms instanceof PdfDict ? parms : undefined);
  });
  return data;
}

function asList(value: PdfObject | undefined): PdfObject[] {
  if (value === undefined || value === null) return [];
  return value instanceof PdfArray ? value.items : [value];
}

function inflate(data: Uint8Array, budget: InflateBudget): Uint8Array {
  const limit = budget.next;
  let out: Buffer;
  try {
    out = inflateSync(data, {
      finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a missing final block */,
      maxOutputLength: Math.max(1, limit),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooComplex(`a stream inflates to more than ${limit} bytes`);
    }
    throw malformed(`cannot inflate stream: ${(error as Error).message}`);
  }
  budget.spend(out.length);
  return out;
}

/** An integer parameter within [min, max] (§7.4.4.4 Table 8), else PDF_MALFORMED: a bad value must not loop. */
function intParam(parms: PdfDict, key: string, fallback: number, min: number, max: number): number {
  const value = parms.get(key) ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw malformed(`predictor /${key} ${String(value)} is not an integer in ${min}..${max}`);
  }
  return value;
}

const MAX_COLUMNS = 1 << 24;
const BITS_PER_COMPONENT = [1, 2, 4, 8, 16];

/** Reverses the predictor of §7.4.4.4 (Table 8): 2 = TIFF, ≥10 = PNG with a filter byte per row. */
function unpredict(data: Uint8Array, parms: PdfDict | undefined): Uint8Array {
  const predictor = parms ? intParam(parms, 'Predictor', 1, 0, 15) : 1;
  if (predictor <= 1 || !parms) return data;
  if (predictor > 2 && predictor < 10) throw malformed(`unknown predictor ${predictor}`);
  const colors = intParam(parms, 'Colors', 1, 1, 32);
  const bits = intParam(parms, 'BitsPerComponent', 8, 1, 16);
  if (!BITS_PER_COMPONENT.includes(bits))
    throw malformed(`predictor /BitsPerComponent ${bits} is not 1, 2, 4, 8 or 16`);
  const columns = intParam(parms, 'Columns', 1, 1, MAX_COLUMNS);
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

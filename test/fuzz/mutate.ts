/**
 * Structure-aware, seeded mutations of PDF files: the mutators know the syntax (numbers, names, references,
 * xref offsets, stream data, decode parameters) so most cases get past the header and the xref and reach the
 * parser's deeper paths. Deterministic: the same seed and case number give the same bytes.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { deflatedZeros } from '../fixtures/hostile-pdf';

/** mulberry32: small, fast and reproducible across Node versions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
type Mutator = (bytes: Buffer, random: Random) => Buffer;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, max: number) => Math.floor(random() * max);

/** Numbers that break loops and allocations: zero, negatives, huge, fractions, overflow. */
const INTERESTING = ['0', '-1', '1', '2', '-2147483648', '2147483647', '4294967296', '99999999999', '1e9', '0.5', '-0'];

function spans(text: string, pattern: RegExp): [number, number][] {
  return [...text.matchAll(pattern)].map((m) => [m.index!, m.index! + m[0].length]);
}

/**
 * Replaces bytes [from, to). A shorter replacement is padded with spaces (white space between tokens, §7.2.3) so
 * the xref offsets after it stay right and the case reaches the objects instead of failing at the xref.
 */
function replaceSpan(bytes: Buffer, [from, to]: [number, number], value: string | Buffer): Buffer {
  let middle = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (middle.length < to - from) middle = Buffer.concat([middle, Buffer.alloc(to - from - middle.length, 0x20)]);
  return Buffer.concat([bytes.subarray(0, from), middle, bytes.subarray(to)]);
}

/** Replaces one number token with an interesting value. */
const number: Mutator = (bytes, random) => {
  const all = spans(bytes.toString('latin1'), /(?<![\w.])-?\d+(\.\d+)?(?![\w.])/g);
  return all.length ? replaceSpan(bytes, pick(random, all), pick(random, INTERESTING)) : bytes;
};

/** Points a reference at itself, a missing object or object 0. */
const reference: Mutator = (bytes, random) => {
  const text = bytes.toString('latin1');
  const all = spans(text, /\b\d+ \d+ R\b/g);
  if (!all.length) return bytes;
  const objects = spans(text, /\b\d+ 0 obj\b/g).map(([a, b]) => text.slice(a, b).replace(' obj', ''));
  const target = pick(random, [...objects, '0 0', '999999 0', '1 65535']);
  return replaceSpan(bytes, pick(random, all), `${target} R`);
};

/** Dictionary entries that steer the parser: replaces a value after one of these keys. */
const KEYS = [
  'Count',
  'Kids',
  'Parent',
  'Length',
  'W',
  'Index',
  'Size',
  'Prev',
  'XRefStm',
  'N',
  'First',
  'Columns',
  'Predictor',
  'Colors',
  'BitsPerComponent',
  'Filter',
  'ByteRange',
  'Contents',
  'Annots',
  'Fields',
  'MediaBox',
  'Rotate',
  'Root',
  'Pages',
  'P',
  'V',
  'FT',
];
const VALUES = [
  '-1',
  '0',
  '[0 0 0]',
  '[0 99999999]',
  '[1 2]',
  '<< >>',
  'null',
  '/FlateDecode',
  '[/FlateDecode /FlateDecode]',
  '1 0 R',
  '[1 0 R 1 0 R]',
  '99999999',
  '(x)',
  '[[[[[[[[[[]]]]]]]]]]',
  '<< /Predictor 2 /Columns -1 >>',
];

const dictValue: Mutator = (bytes, random) => {
  const key = pick(random, KEYS);
  const all = spans(
    bytes.toString('latin1'),
    new RegExp(`/${key}\\s*(\\[[^\\]]*\\]|<<[^>]*>>|\\d+ \\d+ R|[-\\d.]+|/\\w+)`, 'g'),
  );
  return all.length ? replaceSpan(bytes, pick(random, all), `/${key} ${pick(random, VALUES)}`) : bytes;
};

/** Adds decode parameters to a stream dictionary: predictors reach the decoder of xref and object streams. */
const decodeParms: Mutator = (bytes, random) => {
  const all = spans(bytes.toString('latin1'), /\/Filter\s*\/FlateDecode/g);
  if (!all.length) return bytes;
  const columns = pick(random, ['-1', '0', '1', '5', '100000000', '2.5']);
  const predictor = pick(random, ['2', '10', '12', '15', '3', '-1']);
  const colors = pick(random, ['1', '0', '-3', '4', '1000']);
  const at = pick(random, all);
  const parms = `/Filter /FlateDecode /DecodeParms << /Predictor ${predictor} /Columns ${columns} /Colors ${colors} >>`;
  return replaceSpan(bytes, at, parms);
};

/** Inflates one stream, mutates its content the same ways, deflates it again and fixes /Length. */
const streamContent: Mutator = (bytes, random) => {
  const text = bytes.toString('latin1');
  const streams = [...text.matchAll(/\/Length (\d+)([\s\S]*?)stream\r?\n/g)];
  if (!streams.length) return bytes;
  const m = pick(random, streams);
  const start = m.index! + m[0].length;
  const length = Number(m[1]);
  if (!(length > 0) || start + length > bytes.length) return bytes;
  let inner: Buffer;
  try {
    inner = inflateSync(bytes.subarray(start, start + length), { maxOutputLength: 4 << 20 });
  } catch {
    return bytes;
  }
  const mutated = pick(random, [number, reference, byteFlip, truncate, duplicate])(inner, random);
  const packed = random() < 0.1 ? bigZeros(random) : deflateSync(mutated);
  // A shorter stream keeps its place: end-of-line padding before `endstream`, /Length with leading zeros.
  const room = Math.max(0, length - packed.length);
  const out = Buffer.concat([
    bytes.subarray(0, start),
    packed,
    Buffer.alloc(room, 0x0a),
    bytes.subarray(start + length),
  ]);
  const lengthAt = m.index! + '/Length '.length;
  return replaceSpan(out, [lengthAt, lengthAt + m[1]!.length], String(packed.length).padStart(m[1]!.length, '0'));
};

/** Now and then a flate bomb in place of a stream (up to 1 GiB inflated, made without inflating it). */
function bigZeros(random: Random): Buffer {
  return deflatedZeros(Buffer.alloc(0), int(random, 1024) << 20);
}

const byteFlip: Mutator = (bytes, random) => {
  const out = Buffer.from(bytes);
  for (let i = 0, n = 1 + int(random, 8); i < n && out.length; i++) out[int(random, out.length)] = int(random, 256);
  return out;
};

const truncate: Mutator = (bytes, random) => bytes.subarray(0, int(random, bytes.length + 1));

const duplicate: Mutator = (bytes, random) => {
  if (!bytes.length) return bytes;
  const from = int(random, bytes.length);
  const to = Math.min(bytes.length, from + 1 + int(random, 4096));
  const at = int(random, bytes.length);
  return Buffer.concat([bytes.subarray(0, at), bytes.subarray(from, to), bytes.subarray(at)]);
};

/** Deep nesting or long runs of one token: recursion and loop bounds. */
const nesting: Mutator = (bytes, random) => {
  const depth = pick(random, [100, 10_000, 200_000]);
  const piece = pick(random, [
    ['[', ']'],
    ['<<', '>>'],
    ['<< /A ', '>>'],
  ]);
  const at = int(random, bytes.length);
  return Buffer.concat([
    bytes.subarray(0, at),
    Buffer.from(piece[0]!.repeat(depth) + piece[1]!.repeat(random() < 0.5 ? depth : 0)),
    bytes.subarray(at),
  ]);
};

/** startxref or an xref offset a little off, or at the start of another section. */
const xrefOffset: Mutator = (bytes, random) => {
  const all = spans(bytes.toString('latin1'), /startxref\s+\d+/g);
  if (!all.length) return bytes;
  const offsets = spans(bytes.toString('latin1'), /xref|\d+ 0 obj/g).map(([a]) => a);
  return replaceSpan(
    bytes,
    all[all.length - 1]!,
    `startxref\n${pick(random, [...offsets, 0, bytes.length, int(random, bytes.length)])}`,
  );
};

const MUTATORS: readonly Mutator[] = [
  number,
  number,
  reference,
  dictValue,
  dictValue,
  decodeParms,
  streamContent,
  streamContent,
  byteFlip,
  truncate,
  duplicate,
  nesting,
  xrefOffset,
];

/** Case `index` of the run `seed`: one to three mutations of one seed file. */
export function mutateCase(
  seeds: readonly Buffer[],
  seed: number,
  index: number,
): { bytes: Buffer; seedIndex: number } {
  const random = prng((seed * 2654435761 + index) >>> 0);
  const seedIndex = int(random, seeds.length);
  let bytes = seeds[seedIndex]!;
  for (let i = 0, n = 1 + int(random, 3); i < n; i++) bytes = pick(random, MUTATORS)(bytes, random);
  return { bytes, seedIndex };
}

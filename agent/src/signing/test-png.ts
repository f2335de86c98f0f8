/**
 * Test support: small RGBA PNGs drawn by a pixel function (ISO/IEC 15948, filter 0), for the image checks and the
 * profile tests — a blue signature stroke and a red seal ring on a transparent background, and their defects.
 */
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

export function drawPng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const CLEAR: Rgba = [0, 0, 0, 0];

/** A blue handwritten-like stroke (a sine wave) on transparency, 3:1. */
export function blueSignaturePng(background: Rgba = CLEAR, ink: Rgba = [26, 63, 176, 255]): Buffer {
  return drawPng(240, 80, (x, y) => (Math.abs(y - (40 + 25 * Math.sin(x / 18))) < 3 ? ink : background));
}

/** A red seal: two rings and a filled centre on transparency, square. */
export function redSealPng(ink: Rgba = [208, 16, 16, 255]): Buffer {
  return drawPng(160, 160, (x, y) => {
    const r = Math.hypot(x - 80, y - 80);
    return (r > 72 && r < 78) || (r > 52 && r < 55) || r < 12 ? ink : CLEAR;
  });
}

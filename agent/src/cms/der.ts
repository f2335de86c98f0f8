/** Small DER helpers shared by the CMS builders. */
import * as asn1js from 'asn1js';

export function toBytes(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (buffer instanceof Uint8Array) return buffer;
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new Uint8Array(buffer);
}

/** A fresh ArrayBuffer holding exactly these bytes (asn1js/pkijs want ArrayBuffers, not views). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export function encode(value: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(value.toBER(false));
}

/** Parses DER that must be exactly one ASN.1 value; throws with `what` in the message otherwise. */
export function decode(der: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(der));
  if (parsed.offset === -1) throw new Error(`${what}: ${parsed.result.error}`);
  if (parsed.offset !== der.byteLength) throw new Error(`${what}: ${der.byteLength - parsed.offset} trailing bytes`);
  return parsed.result;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

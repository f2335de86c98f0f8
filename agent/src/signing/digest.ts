import { createHash, type Hash } from 'node:crypto';

/**
 * Digests of a signed file computed in ONE pass over the original bytes (the big part): the SHA-256 of the
 * original, of the byte ranges, and of the whole output all start from the same hash state after the original,
 * which node's `Hash.copy()` lets us fork. Contents lies in the update, so both ranges begin with the original.
 */
export interface UpdateDigests {
  sha256Before: string;
  /** Digest of the bytes the signature covers: original ++ update without the `<…>` of /Contents. */
  rangeDigest: Uint8Array;
  /** Call after the CMS is embedded in the update. */
  sha256After(update: Uint8Array): string;
}

export function digestUpdate(
  original: Uint8Array,
  update: Uint8Array,
  contentsInUpdate: [number, number],
): UpdateDigests {
  const afterOriginal: Hash = createHash('sha256');
  // Feed in slices so a progress callback could hook here; subarray does not copy.
  const slice = 8 << 20;
  for (let i = 0; i < original.length; i += slice) afterOriginal.update(original.subarray(i, i + slice));
  const sha256Before = afterOriginal.copy().digest('hex');
  const range = afterOriginal.copy();
  range.update(update.subarray(0, contentsInUpdate[0]));
  range.update(update.subarray(contentsInUpdate[1]));
  return {
    sha256Before,
    rangeDigest: new Uint8Array(range.digest()),
    sha256After: (finalUpdate) => afterOriginal.copy().update(finalUpdate).digest('hex'),
  };
}

/** Digest of a byte range [a, a+b) ++ [c, c+d) of a contiguous file, for verifying existing signatures. */
export function digestByteRange(file: Uint8Array, range: readonly [number, number, number, number]): Uint8Array {
  const [a, b, c, d] = range;
  return new Uint8Array(
    createHash('sha256')
      .update(file.subarray(a, a + b))
      .update(file.subarray(c, c + d))
      .digest(),
  );
}

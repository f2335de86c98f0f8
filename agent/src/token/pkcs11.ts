/**
 * The pkcs11js addon, loaded the same way under Node's ESM loader (which exposes a CommonJS module only as
 * `default`), bundlers (esbuild for the single binary) and vitest (which expose its names directly).
 */
import * as namespace from 'pkcs11js';

export type { Mechanism, PKCS11, RsaPSS, Template } from 'pkcs11js';

export const pkcs11js: typeof namespace = (namespace as { default?: typeof namespace }).default ?? namespace;

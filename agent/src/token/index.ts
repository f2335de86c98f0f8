/**
 * PKCS#11 tokens: modules, tokens, certificates, login and signing. Knows nothing of PDF or CMS; its
 * `TokenSigner` implements the `Signer` interface from @kyso/shared.
 *
 * SoftHSM reads SOFTHSM2_CONF at C_Initialize: set it before `loadModule`.
 */
export { type BinaryArchitecture, readBinaryArchitecture } from './binary';
export { listCertificates, type PrivateKeyRef, type TokenCertificate } from './certificates';
export { type DiscoveredModule, type DiscoveryConfig, discoverModules, KNOWN_MODULES } from './discover';
export { ckrName } from './errors';
export { loadModule, Pkcs11Module } from './module';
export { type Pin, TokenSession } from './session';
export { digestInfo, ecdsaRawToDer, TokenSigner, type TokenSignerOptions } from './signer';
export type { PinStatus, TokenDescription } from './token-info';

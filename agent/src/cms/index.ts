/**
 * CMS/ASN.1 for PAdES: signed attributes, detached SignedData, verification, certificate descriptions.
 * Knows nothing of tokens or PDF: it takes a `Signer` (from @kyso/shared).
 */
export type { HashAlgorithm, SignatureScheme, Signer } from '@kyso/shared';
export { type CertificateInfo, describeCertificate } from '../x509/certificate';
export { OID } from './algorithms';
export { buildSignedAttributes, type SignedAttributes } from './attributes';
export { certificatesFromCertsOnly } from './certs-only';
export {
  createDetachedCms,
  type DetachedCmsInput,
  maxSignatureSize,
  type UnsignedAttributeProvider,
} from './signed-data';
export {
  buildTimeStampRequest,
  checkSignatureTimeStamp,
  type SignatureTimeStampCheck,
  signatureTimeStamp,
  type TimeStampRequest,
  type TimeStampTransport,
  timeStampTokenFrom,
} from './timestamp';
export { type CmsVerification, verifyDetachedCms, verifyEncapsulatedCms } from './verify';

/**
 * A "certs-only" CMS message (RFC 5652 §5: SignedData without signers, the `application/pkcs7-mime` form CAs
 * publish at AIA caIssuers addresses, RFC 5280 §4.2.2.1): the certificates it carries, byte for byte.
 */
import * as asn1js from 'asn1js';
import { decode, toBytes } from './der';

const SIGNED_DATA = '1.2.840.113549.1.7.2';
/** Far more than any CA bundle: a bound on what a downloaded file can make us look at. */
const MAX_CERTIFICATES = 32;

const isContext = (block: asn1js.AsnType | undefined, tag: number) =>
  block !== undefined && block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tag;

export function certificatesFromCertsOnly(der: Uint8Array): Uint8Array[] {
  const info = decode(der, 'PKCS#7');
  const [type, explicit] = info instanceof asn1js.Sequence ? info.valueBlock.value : [];
  if (!(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== SIGNED_DATA)
    throw new Error('PKCS#7: not SignedData');
  const signedData = isContext(explicit, 0) ? (explicit as asn1js.Constructed).valueBlock.value[0] : undefined;
  if (!(signedData instanceof asn1js.Sequence)) throw new Error('PKCS#7: SignedData is not a SEQUENCE');
  // version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT CertificateSet (RFC 5652 §5.1).
  const set = signedData.valueBlock.value.find((block) => isContext(block, 0)) as asn1js.Constructed | undefined;
  return (set?.valueBlock.value ?? [])
    .filter((block) => block instanceof asn1js.Sequence) // other CertificateChoices (attribute certificates)
    .slice(0, MAX_CERTIFICATES)
    .map((block) => new Uint8Array(toBytes(block.valueBeforeDecodeView)));
}

/**
 * Certificates on a token paired with their private keys. PKCS#11 v2.40 §4.6/§4.8 link them only by
 * convention (same CKA_ID); real tokens leave CKA_ID empty or reuse it, so a pair is confirmed or found by the
 * public key: RSA modulus (CKA_MODULUS on the private key) or EC point (CKA_EC_POINT on the private key, else
 * on the matching public-key object whose CKA_ID/CKA_LABEL leads to the private key).
 */
import { X509Certificate } from 'node:crypto';
import { type CertificateInfo, describeCertificate } from '../x509/certificate';
import { pkcs11js } from './pkcs11';
import type { Pin, TokenSession } from './session';

export interface PrivateKeyRef {
  handle: Buffer;
  idHex: string;
  label: string;
  keyType: 'RSA' | 'EC';
  /** CKA_ALWAYS_AUTHENTICATE: the token wants the PIN again for every signature (breaks "one PIN per batch"). */
  alwaysAuthenticate: boolean;
  matchedBy: 'id' | 'public-key';
}

export interface TokenCertificate extends CertificateInfo {
  idHex: string;
  label: string;
  der: Uint8Array;
  privateKey?: PrivateKeyRef;
}

interface KeyObject {
  handle: Buffer;
  id: string;
  label: string;
  keyType: 'RSA' | 'EC' | 'other';
  modulus?: string;
  ecPoints: string[];
  alwaysAuthenticate: boolean;
}

const hex = (b: Buffer | undefined): string => (b ? b.toString('hex') : '');

/** RSA modulus without leading zero octets, as hex: CKA_MODULUS and certificates may differ in padding. */
function normalizeModulus(bytes: Buffer): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i).toString('hex');
}

/**
 * CKA_EC_POINT should be DER OCTET STRING (§2.3.3) but some modules give the raw point: return both readings.
 */
function ecPointCandidates(value: Buffer): string[] {
  const out = [value.toString('hex')];
  if (value[0] === 0x04 && value.length > 2) {
    const long = (value[1] as number) & 0x80 ? (value[1] as number) & 0x7f : 0;
    const start = 2 + long;
    const length = long ? value.subarray(2, start).readUIntBE(0, long) : (value[1] as number);
    if (start + length === value.length) out.push(value.subarray(start).toString('hex'));
  }
  return out;
}

/** The certificate's public key as a modulus or an uncompressed EC point (hex). */
function certificatePublicKey(der: Uint8Array): { modulus?: string; ecPoint?: string } {
  const jwk = new X509Certificate(der).publicKey.export({ format: 'jwk' });
  if (jwk.kty === 'RSA' && jwk.n) return { modulus: normalizeModulus(Buffer.from(jwk.n, 'base64url')) };
  if (jwk.kty === 'EC' && jwk.x && jwk.y) {
    return {
      ecPoint: `04${Buffer.from(jwk.x, 'base64url').toString('hex')}${Buffer.from(jwk.y, 'base64url').toString('hex')}`,
    };
  }
  return {};
}

function readKeyObjects(session: TokenSession, objectClass: number): KeyObject[] {
  return session.findObjects([{ type: pkcs11js.CKA_CLASS, value: objectClass }]).map((handle) => {
    const keyType = session.attribute(handle, pkcs11js.CKA_KEY_TYPE)?.readUIntLE(0, 4);
    const modulus = session.attribute(handle, pkcs11js.CKA_MODULUS);
    const point = session.attribute(handle, pkcs11js.CKA_EC_POINT);
    const always = session.attribute(handle, pkcs11js.CKA_ALWAYS_AUTHENTICATE);
    return {
      handle,
      id: hex(session.attribute(handle, pkcs11js.CKA_ID)),
      label: session.attribute(handle, pkcs11js.CKA_LABEL)?.toString('utf8') ?? '',
      keyType: keyType === pkcs11js.CKK_RSA ? 'RSA' : keyType === pkcs11js.CKK_EC ? 'EC' : 'other',
      ...(modulus?.length ? { modulus: normalizeModulus(modulus) } : {}),
      ecPoints: point?.length ? ecPointCandidates(point) : [],
      alwaysAuthenticate: always?.[0] === 1,
    };
  });
}

function keyHasPublic(key: KeyObject, pub: { modulus?: string; ecPoint?: string }): boolean {
  return (!!pub.modulus && key.modulus === pub.modulus) || (!!pub.ecPoint && key.ecPoints.includes(pub.ecPoint));
}

/** A key that contradicts the certificate's public key is never paired with it, whatever its CKA_ID says. */
function consistent(key: KeyObject, pub: { modulus?: string; ecPoint?: string }): boolean {
  if (key.modulus && pub.modulus) return key.modulus === pub.modulus;
  if (key.ecPoints.length > 0 && pub.ecPoint) return key.ecPoints.includes(pub.ecPoint);
  return (key.keyType === 'RSA' && !!pub.modulus) || (key.keyType === 'EC' && !!pub.ecPoint);
}

function only<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function matchKey(
  cert: { id: string; der: Uint8Array },
  certIdCount: number,
  keys: KeyObject[],
  publics: KeyObject[],
): { key: KeyObject; by: 'id' | 'public-key' } | undefined {
  const pub = certificatePublicKey(cert.der);
  if (cert.id && certIdCount === 1) {
    const byId = only(keys.filter((k) => k.id === cert.id));
    if (byId && consistent(byId, pub)) return { key: byId, by: 'id' };
  }
  const direct = only(keys.filter((k) => keyHasPublic(k, pub)));
  if (direct) return { key: direct, by: 'public-key' };
  // EC private keys usually lack CKA_EC_POINT: go through the public-key object holding the same point.
  for (const p of publics.filter((k) => keyHasPublic(k, pub))) {
    const viaId = p.id ? only(keys.filter((k) => k.id === p.id && consistent(k, pub))) : undefined;
    const viaLabel = p.label ? only(keys.filter((k) => k.label === p.label && consistent(k, pub))) : undefined;
    const found = viaId ?? viaLabel;
    if (found) return { key: found, by: 'public-key' };
  }
  return undefined;
}

/**
 * X.509 certificates on the token with their private keys. Pass `pin` for tokens that show certificates only
 * after login (it logs in once, see {@link TokenSession.login}); without it, only public objects are seen.
 */
export async function listCertificates(session: TokenSession, pin?: Pin): Promise<TokenCertificate[]> {
  if (pin !== undefined) await session.login(pin);
  return session.enqueue(() => {
    const certs = session
      .findObjects([
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
      ])
      .map((handle) => ({
        id: hex(session.attribute(handle, pkcs11js.CKA_ID)),
        label: session.attribute(handle, pkcs11js.CKA_LABEL)?.toString('utf8') ?? '',
        der: new Uint8Array(session.attribute(handle, pkcs11js.CKA_VALUE) ?? Buffer.alloc(0)),
      }))
      .filter((c) => c.der.length > 0);
    const keys = readKeyObjects(session, pkcs11js.CKO_PRIVATE_KEY);
    const publics = readKeyObjects(session, pkcs11js.CKO_PUBLIC_KEY);
    const out: TokenCertificate[] = [];
    for (const cert of certs) {
      let info: CertificateInfo;
      try {
        info = describeCertificate(cert.der);
      } catch {
        continue; // not a parseable X.509 certificate: nothing a user could choose
      }
      const idCount = certs.filter((c) => c.id === cert.id).length;
      const match = matchKey(cert, idCount, keys, publics);
      out.push({
        ...info,
        idHex: cert.id,
        label: cert.label,
        der: cert.der,
        ...(match ? { privateKey: keyRef(match) } : {}),
      });
    }
    return out;
  });
}

function keyRef(match: { key: KeyObject; by: 'id' | 'public-key' }): PrivateKeyRef {
  const { key } = match;
  return {
    handle: key.handle,
    idHex: key.id,
    label: key.label,
    keyType: key.keyType === 'EC' ? 'EC' : 'RSA',
    alwaysAuthenticate: key.alwaysAuthenticate,
    matchedBy: match.by,
  };
}

/**
 * The PKCS#11 implementation of TokenBackend over `agent/src/token`: modules found by discovery plus the
 * configured paths, tokens named `SERIAL@MODULE` (stable across slot renumbering), certificates named by CKA_ID
 * or, when the token's ids are empty or duplicated, by the certificate's SHA-256.
 */

import { realpathSync } from 'node:fs';
import { type CertificateRef, type CertificateSummary, KysoError, type Signer, type TokenInfo } from '@kyso/shared';
import {
  discoverModules,
  listCertificates,
  loadModule,
  type Pkcs11Module,
  type TokenCertificate,
  type TokenDescription,
  type TokenSession,
  TokenSigner,
} from '../token';
import { readCertificateFiles } from '../x509/certificate-files';
// The chain modules only, not the pipeline: serve loads pdf/cms code on the first signing request.
import { buildChain, type IssuerFetch } from '../x509/path-building';
import type { SigningCertificate } from './pipeline';

/** The certificate files the configuration names (chainCertificates, trustedRoots), read as the chain files are. */
export { readCertificateFiles };

/** A logged-in session on one token, bound to one certificate and its key. */
export interface SigningSession {
  readonly tokenId: string;
  readonly certificate: CertificateSummary;
  /** The certificate and its issuer chain as the CMS will carry them: what a document is prepared for. */
  readonly signingCertificate: SigningCertificate;
  /** CKA_ALWAYS_AUTHENTICATE: every signature needs the PIN again (PKCS#11 v2.40 §4.9). */
  readonly alwaysAuthenticate: boolean;
  /** The Signer for one document; `pin` (zeroed by the caller afterwards) only for always-authenticate keys. */
  signer(pin?: Uint8Array): Signer;
  /** Logout and close the session; never throws. */
  close(): Promise<void>;
}

/** The token layer as the server uses it. The PIN is a buffer the caller zeroes right after the call. */
export interface TokenBackend {
  listTokens(): Promise<TokenInfo[]>;
  listCertificates(tokenId?: string): Promise<CertificateSummary[]>;
  /**
   * The certificate and chain a session on `ref` would sign with, read WITHOUT login, so a document can be
   * prepared (and refused) before the token is queued or the PIN used. Undefined when the token shows its
   * certificates only after login: the caller then logs in first (the older order).
   */
  signingCertificate(ref: CertificateRef): Promise<SigningCertificate | undefined>;
  /** Opens a session on the certificate's token and logs in once (no retry). */
  openSession(ref: CertificateRef, pin: Uint8Array | undefined): Promise<SigningSession>;
  /** Logout everywhere and C_Finalize: called at shutdown. */
  close(): Promise<void>;
}

export interface ModuleStatus {
  path: string;
  loaded: boolean;
  error?: KysoError;
}

export interface Pkcs11BackendOptions {
  /** Module paths from `--module` and the configuration, tried before the known vendor modules. */
  modules: string[];
  /** Only the given modules, no discovery (tests, or IT pinning one vendor). */
  discover?: boolean;
  /** PEM or DER files of intermediate CAs for tokens that do not carry their chain. */
  chainFiles?: string[];
  /** Roots the agent trusts: a chain that reaches one is complete without carrying it. */
  trustedRoots?: Uint8Array[];
  /** Downloads a missing issuer from the certificate's caIssuers address (signing and `doctor` only). */
  fetchIssuer?: IssuerFetch;
}

export class Pkcs11Backend implements TokenBackend {
  private readonly loaded = new Map<string, Pkcs11Module>();
  private readonly failures = new Map<string, KysoError>();
  private readonly extraChain: Uint8Array[];

  constructor(private readonly options: Pkcs11BackendOptions) {
    this.extraChain = readCertificateFiles(options.chainFiles ?? []);
  }

  /** Every module considered, loaded or not, with the reason it failed (for `doctor` and logs). */
  moduleStatus(): ModuleStatus[] {
    return this.modulePaths().map((path) => {
      this.module(path);
      return { path, loaded: this.loaded.has(path), error: this.failures.get(path) };
    });
  }

  async listTokens(): Promise<TokenInfo[]> {
    return this.tokens().map(({ path, token }) => toTokenInfo(path, token));
  }

  async listCertificates(tokenId?: string): Promise<CertificateSummary[]> {
    const out: CertificateSummary[] = [];
    for (const { path, token, module } of this.tokens()) {
      const id = tokenIdOf(path, token);
      if (tokenId !== undefined && id !== tokenId) continue;
      const session = module.openToken({ serial: token.serial });
      try {
        const certs = await listCertificates(session);
        out.push(...certs.map((c) => toSummary(id, c, certs)));
      } finally {
        session.close();
      }
    }
    return out;
  }

  async signingCertificate(ref: CertificateRef): Promise<SigningCertificate | undefined> {
    const found = this.findToken(ref.token);
    const session = found.module.openToken({ serial: found.token.serial });
    try {
      const certs = await listCertificates(session);
      const cert = certs.find((c) => certificateIdOf(c, certs) === ref.id.toLowerCase());
      // Not an error yet: some tokens show their certificates only after login, and openSession will say.
      return cert ? await this.chainOf(cert, certs) : undefined;
    } finally {
      session.close();
    }
  }

  async openSession(ref: CertificateRef, pin: Uint8Array | undefined): Promise<SigningSession> {
    const found = this.findToken(ref.token);
    const session = found.module.openToken({ serial: found.token.serial });
    try {
      await session.login(pin ? Buffer.from(pin) : undefined);
      const certs = await listCertificates(session);
      const cert = certs.find((c) => certificateIdOf(c, certs) === ref.id.toLowerCase());
      if (!cert) throw new KysoError('CERTIFICATE_NOT_FOUND', { token: ref.token, id: ref.id });
      if (!cert.privateKey) throw new KysoError('KEY_NOT_FOUND', { token: ref.token, id: ref.id });
      const chain = await this.chainOf(cert, certs);
      return new Pkcs11SigningSession(session, cert, toSummary(ref.token, cert, certs), chain);
    } catch (error) {
      session.close({ logout: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const module of this.loaded.values()) {
      try {
        module.close();
      } catch {
        // Finalize of one module failing must not keep the others open.
      }
    }
    this.loaded.clear();
  }

  /** Configured first, then discovered; one entry per library file (distro symlinks name a module twice). */
  private modulePaths(): string[] {
    const discovered =
      this.options.discover === false ? [] : discoverModules({ paths: this.options.modules }).map((m) => m.path);
    const seen = new Set<string>();
    return [...this.options.modules, ...discovered].filter((path) => {
      const real = realPath(path);
      if (seen.has(real)) return false;
      seen.add(real);
      return true;
    });
  }

  private module(path: string): Pkcs11Module | undefined {
    const existing = this.loaded.get(path);
    if (existing) return existing;
    if (this.failures.has(path)) return undefined;
    try {
      const module = loadModule(path);
      this.loaded.set(path, module);
      return module;
    } catch (error) {
      this.failures.set(
        path,
        error instanceof KysoError ? error : new KysoError('MODULE_LOAD_FAILED', { module: path }),
      );
      return undefined;
    }
  }

  private findToken(tokenId: string): { module: Pkcs11Module; token: TokenDescription } {
    const found = this.tokens().find(({ path, token }) => tokenIdOf(path, token) === tokenId);
    if (!found) throw new KysoError('TOKEN_NOT_FOUND', { token: tokenId });
    return found;
  }

  /**
   * Issuer chain from the token's own CA certificates, the configured files, then the caIssuers address: the
   * same before and after login (a download is cached, so the second build costs nothing).
   */
  private async chainOf(cert: TokenCertificate, certs: TokenCertificate[]): Promise<SigningCertificate> {
    const built = await buildChain(cert.der, {
      candidates: [...certs.filter((c) => c !== cert).map((c) => c.der), ...this.extraChain],
      trustedRoots: this.options.trustedRoots,
      fetchIssuer: this.options.fetchIssuer,
    });
    return { certificate: cert.der, chain: built.chain, ...(built.incomplete ? { incomplete: built.incomplete } : {}) };
  }

  private tokens(): { path: string; module: Pkcs11Module; token: TokenDescription }[] {
    const out: { path: string; module: Pkcs11Module; token: TokenDescription }[] = [];
    for (const path of this.modulePaths()) {
      const module = this.module(path);
      if (!module) continue;
      for (const token of module.listTokens()) out.push({ path, module, token });
    }
    return out;
  }
}

class Pkcs11SigningSession implements SigningSession {
  readonly tokenId: string;
  readonly alwaysAuthenticate: boolean;

  constructor(
    private readonly session: TokenSession,
    private readonly cert: TokenCertificate,
    readonly certificate: CertificateSummary,
    readonly signingCertificate: SigningCertificate,
  ) {
    this.tokenId = certificate.token;
    this.alwaysAuthenticate = cert.privateKey?.alwaysAuthenticate ?? false;
  }

  signer(pin?: Uint8Array) {
    // The token layer zeroes the copy after its one context-specific login; the caller zeroes the original.
    const contextPin = pin ? async () => Buffer.from(pin) : undefined;
    return new TokenSigner(this.session, this.cert, { chain: this.signingCertificate.chain, contextPin });
  }

  async close(): Promise<void> {
    this.session.close({ logout: true });
  }
}

export function tokenIdOf(modulePath: string, token: TokenDescription): string {
  return `${token.serial}@${modulePath}`;
}

/** CKA_ID when it names this certificate alone, else the SHA-256 fingerprint (tokens with empty/duplicate ids). */
function certificateIdOf(cert: TokenCertificate, all: TokenCertificate[]): string {
  const unique = cert.idHex !== '' && all.filter((c) => c.idHex === cert.idHex).length === 1;
  return unique ? cert.idHex.toLowerCase() : cert.sha256;
}

function toTokenInfo(path: string, token: TokenDescription): TokenInfo {
  return {
    id: tokenIdOf(path, token),
    label: token.label,
    manufacturer: token.manufacturer,
    model: token.model,
    serial: token.serial,
    module: path,
    pinCountLow: token.pin.countLow,
    pinFinalTry: token.pin.finalTry,
    pinLocked: token.pin.locked,
    protectedAuthenticationPath: token.protectedAuthenticationPath,
  };
}

function toSummary(tokenId: string, cert: TokenCertificate, all: TokenCertificate[]): CertificateSummary {
  return {
    token: tokenId,
    id: certificateIdOf(cert, all),
    label: cert.label,
    subject: cert.subject,
    commonName: cert.subjectCommonName,
    issuer: cert.issuer,
    serial: cert.serialHex,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    keyUsage: cert.keyUsage,
    keyType: cert.keyType,
    alwaysAuthenticate: cert.privateKey?.alwaysAuthenticate ?? false,
    der: Buffer.from(cert.der).toString('base64'),
  };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/** The 30-day rule, applied by every lister (server, CLI, doctor) whatever backend answered. */
export function withExpiryWarning(certificate: CertificateSummary, now: Date): CertificateSummary {
  const notAfter = Date.parse(certificate.notAfter);
  if (Number.isNaN(notAfter)) return certificate;
  if (notAfter < now.getTime()) return { ...certificate, warning: 'EXPIRED' };
  if (notAfter - now.getTime() < THIRTY_DAYS_MS) return { ...certificate, warning: 'EXPIRING_SOON' };
  const { warning: _ignored, ...rest } = certificate;
  return rest;
}

/**
 * A token named the way the command line names it — a module path (or the first known vendor module on this
 * machine) and a label (or the first initialised token) — and a certificate by CKA_ID. The server names tokens
 * SERIAL@MODULE and logs in per request (token-backend.ts); `kyso-agent sign` logs in once, only when it must
 * (before listing, for tokens that hide their certificates until login), so the login stays in the caller's hands.
 */
import { KysoError, type SignatureScheme, type Signer } from '@kyso/shared';
import {
  discoverModules,
  listCertificates,
  loadModule,
  type Pin,
  type Pkcs11Module,
  type TokenCertificate,
  type TokenSession,
  TokenSigner,
} from '../token';

export type { TokenCertificate };

export class LabelledToken {
  private constructor(
    private readonly module: Pkcs11Module,
    private readonly session: TokenSession,
  ) {}

  /** Loads the module and opens the token; MODULE_NOT_FOUND when there is none to try. */
  static open(modulePath: string | undefined, label: string | undefined): LabelledToken {
    const path = modulePath ?? discoverModules()[0]?.path;
    if (!path)
      throw new KysoError('MODULE_NOT_FOUND', { reason: 'no --module given and no known token driver installed' });
    const module = loadModule(path);
    try {
      return new LabelledToken(module, module.openToken(label === undefined ? {} : { label }));
    } catch (error) {
      module.close();
      throw error;
    }
  }

  get label(): string {
    return this.session.token.label;
  }

  isLoggedIn(): boolean {
    return this.session.isLoggedIn();
  }

  /** One C_Login; the caller zeroes the PIN buffer afterwards. */
  login(pin: Pin): Promise<void> {
    return this.session.login(pin);
  }

  certificates(): Promise<TokenCertificate[]> {
    return listCertificates(this.session);
  }

  /** After login: the signer for `cert`, found again with its private key handle. */
  async signer(cert: TokenCertificate, options: { chain: Uint8Array[]; scheme?: SignatureScheme }): Promise<Signer> {
    const again = (await this.certificates()).find((c) => c.sha256 === cert.sha256);
    if (!again?.privateKey)
      throw new KysoError('KEY_NOT_FOUND', { certificate: cert.subjectCommonName, id: cert.idHex });
    return new TokenSigner(this.session, again, options);
  }

  /** Closes the session and finalises the module. */
  close(): void {
    this.module.close();
  }
}

/** A signing certificate (not a CA) by CKA_ID, or the first one; keys show only after login on most tokens. */
export function chooseSigningCertificate(certs: TokenCertificate[], idHex: string | undefined): TokenCertificate {
  // Sorted so that "the first" is the same on every run: tokens list objects in no particular order.
  const signing = certs
    .filter((c) => !c.keyUsage.includes('keyCertSign'))
    .sort((a, b) => a.idHex.localeCompare(b.idHex));
  const chosen = idHex ? signing.find((c) => c.idHex.toLowerCase() === idHex.toLowerCase()) : signing[0];
  if (!chosen) {
    throw new KysoError('CERTIFICATE_NOT_FOUND', {
      wanted: idHex,
      available: signing.map((c) => `${c.idHex} ${c.subjectCommonName}`),
    });
  }
  return chosen;
}

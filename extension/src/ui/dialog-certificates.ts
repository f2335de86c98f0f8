/** The certificate chooser of the signing dialog, filled from the agent (through the background). */
import { type CertificateSummary, formatVietnamDate, type TokenInfo } from '@kyso/shared';
import { certificateSummaryLine, tokenName } from '../common/certificate-text';
import type { Translator } from '../common/i18n';
import type { CertificateChoice } from '../common/messages';
import { ask, byId, isSerializedError, showLines } from './ui-common';

export interface ChosenCertificate {
  certificate: CertificateSummary;
  token?: TokenInfo;
}

export class CertificateChooser {
  private choice: CertificateChoice = { certificates: [], tokens: [] };
  private readonly select = byId<HTMLSelectElement>('certificate');
  private readonly note = byId<HTMLElement>('certificate-note');
  private readonly warning = byId<HTMLElement>('token-warning');

  constructor(
    private readonly t: Translator,
    private readonly jobId: string,
    private readonly onError: (lines: string[]) => void,
  ) {
    byId('reload-certificates').addEventListener('click', () => void this.load());
    this.select.addEventListener('change', () => this.describe());
  }

  async load(): Promise<void> {
    this.select.replaceChildren();
    this.select.disabled = true;
    this.note.textContent = this.t.t('dialogCertificatesLoading');
    try {
      this.choice = await ask({ action: 'job.certificates', jobId: this.jobId });
    } catch (error) {
      this.choice = { certificates: [], tokens: [] };
      if (isSerializedError(error)) this.onError([this.t.error(error), ...this.t.errorHints(error)]);
    }
    // Signing certificates first; expired ones stay listed (the user must see why they cannot sign).
    const sorted = [...this.choice.certificates].sort((a, b) => rank(a) - rank(b));
    for (const cert of sorted) {
      const option = document.createElement('option');
      option.value = `${cert.token}\u0000${cert.id}`;
      option.textContent = this.label(cert);
      option.disabled = cert.warning === 'EXPIRED';
      this.select.append(option);
    }
    this.select.disabled = sorted.length === 0;
    this.describe();
  }

  private label(cert: CertificateSummary): string {
    const warn =
      cert.warning === 'EXPIRED'
        ? ` — ${this.t.t('dialogExpired')}`
        : cert.warning === 'EXPIRING_SOON'
          ? ` — ${this.t.t('dialogExpiringSoon')}`
          : '';
    return `${cert.commonName}${warn}`;
  }

  private describe(): void {
    const chosen = this.value;
    const details = byId<HTMLDetailsElement>('certificate-details');
    details.hidden = !chosen;
    if (!chosen) {
      this.note.textContent = this.choice.certificates.length === 0 ? this.t.t('dialogNoCertificate') : '';
      showLines(this.warning, []);
      return;
    }
    this.note.textContent = certificateSummaryLine(chosen.certificate, this.t);
    this.showDetails(chosen);
    showLines(this.warning, this.pinWarnings(chosen.token));
  }

  /** The technical identity for whoever asks (IT on the phone): names, serial, validity, key and token. */
  private showDetails({ certificate: c, token }: ChosenCertificate): void {
    const rows: [string, string][] = [
      ['certificateSubject', c.subject],
      ['certificateIssuer', c.issuer],
      ['certificateSerial', c.serial],
      ['certificateValidity', `${formatVietnamDate(c.notBefore)} – ${formatVietnamDate(c.notAfter)}`],
      ['certificateKey', c.keyType],
      ['certificateToken', tokenName(token)],
    ];
    byId('certificate-details-list').replaceChildren(
      ...rows.flatMap(([key, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = this.t.t(key);
        const dd = document.createElement('dd');
        dd.textContent = value;
        return [dt, dd];
      }),
    );
  }

  /**
   * Worded from the token's own flags (PKCS#11 C_GetTokenInfo: CKF_USER_PIN_LOCKED, _FINAL_TRY, _COUNT_LOW), the
   * strongest first; a token never says how many tries are left, so neither do we.
   */
  private pinWarnings(token: TokenInfo | undefined): string[] {
    if (token?.pinLocked) return [this.t.t('pinLockedWarning')];
    if (token?.pinFinalTry) return [this.t.t('pinFinalTryWarning')];
    if (token?.pinCountLow) return [this.t.t('dialogPinLowBefore')];
    return [];
  }

  /** Selects the first usable certificate that fits (e.g. the organisation's for the clerk's step), if any. */
  prefer(fits: (certificate: CertificateSummary) => boolean): void {
    const found = this.choice.certificates.find((c) => c.warning !== 'EXPIRED' && fits(c));
    if (!found) return;
    this.select.value = `${found.token}\u0000${found.id}`;
    this.describe();
  }

  get value(): ChosenCertificate | undefined {
    const [token, id] = this.select.value.split('\u0000');
    const certificate = this.choice.certificates.find((c) => c.token === token && c.id === id);
    if (!certificate) return undefined;
    return { certificate, token: this.choice.tokens.find((tk) => tk.id === certificate.token) };
  }

  /**
   * After a wrong PIN the agent's details are fresher than the token list; the error box words them, so the
   * earlier note goes. After a successful login the token clears its flags: so do we.
   */
  showPinState(details: Record<string, unknown> | undefined): void {
    const token = this.value?.token;
    if (token) {
      token.pinCountLow = details?.countLow === true;
      token.pinFinalTry = details?.finalTry === true;
      token.pinLocked = details?.locked === true;
    }
    showLines(this.warning, details ? [] : this.pinWarnings(token));
  }
}

function rank(cert: CertificateSummary): number {
  if (cert.warning === 'EXPIRED') return 2;
  return cert.keyUsage.some((u) => /nonRepudiation|contentCommitment|digitalSignature/i.test(u)) ? 0 : 1;
}

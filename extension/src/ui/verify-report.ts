/**
 * One verified PDF in plain Vietnamese, signature by signature in the document's order: who signed (holder,
 * organisation), when (and whether a time-stamp proves it), valid / invalid / trust unknown, and what changed after
 * it. The wording follows the report of `pdf.verify`; the modification levels are those of pyHanko's difference
 * analysis (NONE < LTA_UPDATES < FORM_FILLING < ANNOTATIONS < OTHER).
 */
import { formatVietnamDateTime, type SignatureReport, type VerifyResult, warningText } from '@kyso/shared';
import type { Translator } from '../common/i18n';
import { changesAfter, type Verdict, verdictOf } from '../common/verdict';

type Report = SignatureReport;

function line(className: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

function whenLine(t: Translator, s: Report): string {
  const when = s.timestamp?.time ?? s.signedAt;
  const shown = when ? formatVietnamDateTime(when, { seconds: true }) : t.t('verifyTimeUnknown');
  if (!s.timestamp) return t.t('verifyTimeClaimed', shown);
  return t.t(s.timestamp.valid ? 'verifyTimeStamped' : 'verifyTimeStampInvalid', shown);
}

function verdictLine(t: Translator, s: Report, verdict: Verdict): string {
  if (!s.integrity) return t.t('verifyVerdictBroken');
  if (verdict === 'invalid' && changesAfter(s) === 'modified') return t.t('verifyVerdictModified');
  if (verdict === 'invalid' && s.timestamp?.valid === false) return t.t('verifyVerdictTimeStamp');
  if (verdict === 'invalid') return t.t('verifyVerdictCertificate');
  return t.t(verdict === 'valid' ? 'verifyVerdictValid' : 'verifyVerdictUnknown');
}

function signatureItem(t: Translator, s: Report, index: number): HTMLLIElement {
  const li = document.createElement('li');
  const verdict = verdictOf(s);
  const changes = changesAfter(s);
  li.className = `signature verdict-${verdict}`;
  li.dataset.verdict = verdict;
  li.dataset.changes = changes;
  const who = s.organization && s.organization !== s.signer ? `${s.signer} (${s.organization})` : s.signer;
  const title = document.createElement('h3');
  title.textContent = t.t('verifySignatureTitle', String(index + 1), who || t.t('verifySignerUnknown'));
  li.append(
    title,
    line('verdict', verdictLine(t, s, verdict)),
    line('when', whenLine(t, s)),
    line('changes', t.t(`verifyChanges_${changes}`)),
    ...(s.warnings ?? []).map((w) => line('warning', warningText(w, t.lang))),
  );
  return li;
}

export function renderVerifyReport(t: Translator, result: VerifyResult, list: HTMLElement, summary: HTMLElement): void {
  const reports = result.signatures as Report[];
  list.replaceChildren(...reports.map((s, i) => signatureItem(t, s, i)));
  const verdicts = reports.map(verdictOf);
  const state =
    reports.length === 0
      ? 'unsigned'
      : verdicts.includes('invalid')
        ? 'invalid'
        : verdicts.includes('unknown')
          ? 'unknown'
          : 'valid';
  summary.className = `verify-summary summary-${state}`;
  summary.dataset.state = state;
  summary.textContent = t.t(`verifySummary_${state}`, String(reports.length));
}

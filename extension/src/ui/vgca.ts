/**
 * The window of a page's vgca_sign_json / vgca_sign_msg / vgca_auth (shows the text, then certificate and PIN) and
 * of vgca_get_certinfo (the user picks the one certificate the page gets). The text is shown as text (textContent,
 * pre-wrap), exactly what the agent signs; the background signs its own copy, never text sent from here.
 */
import type { Translator } from '../common/i18n';
import type { DataWindowView } from '../common/messages';
import { CertificateChooser } from './dialog-certificates';
import { ask, byId, isSerializedError, loadTranslator, showLines } from './ui-common';

const jobId = new URLSearchParams(location.search).get('job') ?? '';

function showView(t: Translator, view: DataWindowView): void {
  const signing = view.kind === 'sign';
  const title = signing ? t.t('vgcaWindowTitle') : t.t('vgcaCertTitle');
  byId('window-title').textContent = title;
  document.title = title;
  byId('page-origin').textContent = view.origin;
  byId('page-title').textContent = view.title || '—';
  byId('window-intro').textContent = signing ? t.t('vgcaWindowIntro') : t.t('vgcaCertIntro', view.origin);
  byId('confirm').textContent = signing ? t.t('dialogSign') : t.t('vgcaCertShare');
  byId('text-section').hidden = !signing;
  byId('pin-section').hidden = !signing;
  if (signing) {
    byId('data-text').textContent = view.content ?? '';
    const chars = String([...(view.content ?? '')].length);
    byId('text-facts').textContent = t.t(view.attached ? 'vgcaWindowFactsAttached' : 'vgcaWindowFacts', chars);
  }
  document.body.dataset.kind = view.kind;
}

async function confirm(t: Translator, view: DataWindowView, certificates: CertificateChooser): Promise<void> {
  const chosen = certificates.value;
  const error = byId('error');
  if (!chosen) return showLines(error, [t.t('dialogNoCertificate')]);
  const certificate = { token: chosen.certificate.token, id: chosen.certificate.id };
  const pinInput = byId<HTMLInputElement>('pin');
  const button = byId<HTMLButtonElement>('confirm');
  button.disabled = true;
  showLines(error, []);
  try {
    if (view.kind === 'sign') {
      const pin = pinInput.value || undefined;
      pinInput.value = '';
      if (!pin && !chosen.token?.protectedAuthenticationPath) {
        pinInput.focus();
        return showLines(error, [t.error({ code: 'PIN_REQUIRED', message: '', messageEn: '' })]);
      }
      const done = await ask({ action: 'data.sign', jobId, certificate, pin });
      showLines(byId('result'), [
        t.t('vgcaWindowSigned'),
        t.t('resultSigner', done.signer),
        t.t('resultTime', done.signedAt),
      ]);
    } else {
      await ask({ action: 'certificate.choose', jobId, certificate });
      showLines(byId('result'), [t.t('vgcaCertShared', chosen.certificate.commonName)]);
    }
    button.hidden = true;
    byId('cancel').textContent = t.t('dialogClose');
    document.body.dataset.done = 'true';
  } catch (failure) {
    if (!isSerializedError(failure)) return showLines(error, [String(failure)]);
    certificates.showPinState(failure.details);
    showLines(error, [t.error(failure), ...t.errorHints(failure)]);
    if (view.kind === 'sign') pinInput.focus();
  } finally {
    button.disabled = false;
  }
}

async function main(): Promise<void> {
  const t = await loadTranslator();
  const certificates = new CertificateChooser(t, jobId, (lines) => showLines(byId('error'), lines));
  byId('cancel').addEventListener('click', () => {
    // Closing answers the page "cancelled" unless it already has its answer.
    void ask({ action: 'job.cancel', jobId }).finally(() => window.close());
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') byId('cancel').click();
  });
  try {
    const view = await ask({ action: 'data.get', jobId });
    showView(t, view);
    byId('vgca-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void confirm(t, view, certificates);
    });
    await certificates.load();
    (view.kind === 'sign' ? byId('pin') : byId('certificate')).focus();
  } catch (error) {
    showLines(byId('error'), isSerializedError(error) ? [t.error(error)] : [String(error)]);
  }
}

void main();

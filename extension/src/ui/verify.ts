import { DEFAULT_LIMITS } from '@kyso/shared';
import { bytesToBase64 } from '../common/base64';
import type { Translator } from '../common/i18n';
import { ask, byId, isSerializedError, loadTranslator, showLines } from './ui-common';
import { renderVerifyReport } from './verify-report';

async function verifyBytes(t: Translator, name: string, bytes: Uint8Array): Promise<void> {
  showLines(byId('verify-error'), []);
  byId('verify-report').hidden = true;
  // The agent's default document limit (it announces the configured one in hello).
  if (bytes.length > DEFAULT_LIMITS.maxDocumentBytes) return showLines(byId('verify-error'), [t.t('verifyTooLarge')]);
  showLines(byId('verify-progress'), [t.t('verifyChecking', name)]);
  document.body.dataset.state = 'checking';
  try {
    const result = await ask({ action: 'pdf.verify', pdfBase64: bytesToBase64(bytes), name });
    byId('verify-file-name').textContent = name;
    renderVerifyReport(t, result, byId('signatures'), byId('verify-summary'));
    byId('verify-report').hidden = false;
    document.body.dataset.state = 'done';
  } catch (error) {
    showLines(
      byId('verify-error'),
      isSerializedError(error) ? [t.error(error), ...t.errorHints(error)] : [String(error)],
    );
    document.body.dataset.state = 'error';
  } finally {
    showLines(byId('verify-progress'), []);
  }
}

async function verifyFile(t: Translator, file: File | undefined): Promise<void> {
  if (!file) return;
  await verifyBytes(t, file.name, new Uint8Array(await file.arrayBuffer()));
}

/** The PDF at an address the user opened (their tab) or a portal row's link: only http(s). */
async function verifyUrl(t: Translator, address: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return showLines(byId('verify-error'), [t.t('verifyBadAddress')]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return showLines(byId('verify-error'), [t.t('verifyBadAddress')]);
  const name = decodeURIComponent(url.pathname.split('/').pop() || 'van-ban.pdf');
  try {
    const response = await fetch(url, { credentials: 'include', redirect: 'error' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await verifyBytes(t, name, new Uint8Array(await response.arrayBuffer()));
  } catch (error) {
    showLines(byId('verify-error'), [t.t('verifyDownloadFailed', url.href, String((error as Error).message ?? error))]);
  }
}

function wireDrop(t: Translator): void {
  const zone = byId('drop-zone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    void verifyFile(t, e.dataTransfer?.files?.[0]);
  });
}

async function main(): Promise<void> {
  const t = await loadTranslator();
  const input = byId<HTMLInputElement>('verify-file');
  input.addEventListener('change', () => void verifyFile(t, input.files?.[0]));
  wireDrop(t);
  document.body.dataset.ready = 'true';
  const address = new URLSearchParams(location.search).get('url');
  if (address) await verifyUrl(t, address);
}

void main();

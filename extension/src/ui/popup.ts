/** Popup: is the agent running, which tokens/certificates it sees, what was signed recently. */
import { formatVietnamDate, formatVietnamDateTime } from '@kyso/shared';
import browser from 'webextension-polyfill';
import { issuerName, tokenName } from '../common/certificate-text';
import { setupCheckView } from './popup-check';
import { setupVerifyActions } from './popup-verify';
import { ask, byId, loadTranslator, showLines } from './ui-common';

function item(text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

async function main(): Promise<void> {
  const t = await loadTranslator();
  byId('open-options').addEventListener('click', () => void browser.runtime.openOptionsPage());
  void setupCheckView(t).finally(() => {
    document.body.dataset.checked = 'true';
  });
  void setupVerifyActions();
  const [status, recent] = await Promise.all([ask({ action: 'agent.status' }), ask({ action: 'recent.list' })]);
  const statusLine = byId('agent-status');
  statusLine.textContent = status.connected
    ? t.t('popupAgentRunning', status.hello?.agentVersion ?? '?', String(status.port))
    : t.t('popupAgentStopped', String(status.port));
  statusLine.className = status.connected ? 'status-ok' : 'status-bad';
  showLines(byId('agent-error'), status.error ? [t.error(status.error), ...t.errorHints(status.error)] : []);

  const tokens = byId('tokens');
  for (const token of status.tokens) {
    tokens.append(item(tokenName(token)));
    for (const cert of status.certificates.filter((c) => c.token === token.id)) {
      tokens.append(
        item(
          `— ${cert.commonName} · ${issuerName(cert.issuer)} · ${t.t('dialogValidUntil', formatVietnamDate(cert.notAfter))}`,
        ),
      );
    }
  }
  if (status.tokens.length === 0) tokens.append(item(t.t('popupNoToken')));

  const list = byId('recent');
  for (const entry of recent) {
    list.append(
      item(
        `${formatVietnamDateTime(entry.at)} · ${entry.title} · ${entry.signer}` +
          (entry.status ? ` · ${entry.status}` : ''),
      ),
    );
  }
  if (recent.length === 0) list.append(item(t.t('popupNoRecent')));
}

void main();

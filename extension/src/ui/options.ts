/** Options: agent port, language, extra portal adapters (validated before saving), and the policy in force. */
import { parseAdapters } from '../common/adapter';
import { language, loadManagedPolicy, loadUserSettings, saveUserSettings } from '../common/settings';
import { setupSignatureImage } from './options-signature';
import { byId, loadTranslator, showLines } from './ui-common';

async function main(): Promise<void> {
  const t = await loadTranslator();
  const settings = await loadUserSettings();
  const port = byId<HTMLInputElement>('agent-port');
  const lang = byId<HTMLSelectElement>('language');
  const adapters = byId<HTMLTextAreaElement>('adapters');
  port.value = String(settings.agentPort);
  lang.value = settings.language;
  adapters.value = JSON.stringify(settings.adapters, null, 2);
  byId('managed').textContent = JSON.stringify(await loadManagedPolicy(), null, 2);
  await setupSignatureImage(t);

  byId('options-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showLines(byId('options-saved'), []);
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(adapters.value || '[]');
    } catch (error) {
      return showLines(byId('options-error'), [t.t('optionsInvalid'), String(error)]);
    }
    const { errors } = parseAdapters(parsedJson);
    const portNumber = Number(port.value);
    if (!Number.isInteger(portNumber) || portNumber < 1024 || portNumber > 65535) errors.push('agentPort: 1024–65535');
    if (errors.length > 0) return showLines(byId('options-error'), [t.t('optionsInvalid'), ...errors]);
    showLines(byId('options-error'), []);
    await saveUserSettings({
      agentPort: portNumber,
      language: language.parse(lang.value),
      adapters: parsedJson as unknown[],
    });
    showLines(byId('options-saved'), [t.t('optionsSaved')]);
  });
  document.body.dataset.ready = 'true';
}

void main();

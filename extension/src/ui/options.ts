/**
 * Options, for staff first: the signature and seal images, the language, the portals KySo Bridge may work on.
 * The agent port, the recipes and the policy in force are in the closed "IT / Nâng cao" section.
 */
import { parseAdapters } from '../common/adapter';
import { agentPort, language, loadUserSettings, saveUserSettings } from '../common/settings';
import { renderPortalAccess } from './options-access';
import { renderPolicy } from './options-policy';
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
  await renderPolicy(t);
  await setupSignatureImage(t);
  await renderPortalAccess(t);

  byId('options-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    showLines(byId('options-saved'), []);
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(adapters.value || '[]');
    } catch (error) {
      byId<HTMLDetailsElement>('advanced').open = true;
      return showLines(byId('options-error'), [t.t('optionsInvalid'), String(error)]);
    }
    const portNumber = agentPort.safeParse(Number(port.value));
    if (!portNumber.success) return showLines(byId('options-error'), [t.t('optionsInvalid'), t.t('optionsPortRange')]);
    const list = Array.isArray(parsedJson) ? parsedJson : [];
    const { errors } = parseAdapters(parsedJson);
    // The valid recipes work at once; the others are kept as written, to be fixed, and named here.
    showLines(byId('options-error'), errors.length > 0 ? [t.t('optionsRecipesNotUsed'), ...errors] : []);
    if (errors.length > 0) byId<HTMLDetailsElement>('advanced').open = true;
    await saveUserSettings({
      agentPort: portNumber.data,
      language: language.parse(lang.value),
      adapters: list,
    });
    showLines(byId('options-saved'), [t.t('optionsSaved')]);
    await renderPortalAccess(t);
  });
  document.body.dataset.ready = 'true';
}

void main();

/**
 * "Kiểm tra cấu hình" in the popup, for IT on the portal's tab: which recipe matches the page, whether the
 * extension may work there (and the button that allows it), and what the recipe makes of the page — rows,
 * buttons, PDF and upload addresses built, the first failure with the field to fix. Staff never need it: the
 * section stays closed.
 */
import browser from 'webextension-polyfill';
import { findRecipe } from '../common/adapter';
import { CHECK_REQUEST, type CheckReport } from '../common/check';
import type { Translator } from '../common/i18n';
import { loadSettings } from '../common/settings';
import { recipeAccess, requestOrigins } from './portal-access';
import { byId, showLines } from './ui-common';

function reportLines(t: Translator, report: CheckReport): string[] {
  const lines = [
    t.t('checkRecipe', report.recipe?.name ?? '', report.recipe?.id ?? ''),
    t.t('checkRows', String(report.rows), String(report.buttons)),
    t.t('checkAddresses', String(report.pdfAddresses), String(report.uploadAddresses), String(report.rows)),
  ];
  if (report.examplePdf) lines.push(t.t('checkExamplePdf', report.examplePdf));
  if (report.exampleUpload) lines.push(t.t('checkExampleUpload', report.exampleUpload));
  if (report.csrfFound !== undefined) lines.push(t.t(report.csrfFound ? 'checkCsrfFound' : 'checkCsrfMissing'));
  if (report.rows === 0) lines.push(t.t('checkNoRows'));
  return lines;
}

export async function setupCheckView(t: Translator): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const output = byId('check-result');
  const problem = byId('check-problem');
  const allow = byId<HTMLButtonElement>('check-allow');
  const url = tab?.url;
  const recipe = url ? findRecipe((await loadSettings()).adapters, url) : undefined;
  if (!tab?.id || !url || !recipe) {
    showLines(output, [t.t('checkNoRecipe')]);
    return;
  }
  const tabId = tab.id;
  const [access] = await recipeAccess([recipe]);
  if (access && access.missing.length > 0) {
    showLines(output, [t.t('checkRecipe', recipe.name, recipe.id), t.t('checkNotAllowed', access.missing.join(', '))]);
    allow.hidden = false;
    allow.addEventListener('click', () => {
      void requestOrigins(access.missing).then(async (granted) => {
        if (!granted) return showLines(problem, [t.t('checkRefused')]);
        // The content script is registered for the origin now; the open page gets it on reload.
        await browser.tabs.reload(tabId);
        window.close();
      });
    });
    return;
  }
  const report = (await browser.tabs.sendMessage(tabId, { request: CHECK_REQUEST }).catch(() => undefined)) as
    | CheckReport
    | undefined;
  if (!report?.recipe) {
    showLines(output, [t.t('checkRecipe', recipe.name, recipe.id), t.t('checkReload')]);
    return;
  }
  showLines(output, reportLines(t, report));
  const first = report.firstProblem;
  showLines(
    problem,
    first ? [t.t('checkFirstProblem', String(first.row), first.title, first.field, first.reason)] : [],
  );
  problem.dataset.field = first?.field ?? '';
  // IT opened the popup for this: show the section open when something is wrong.
  if (first || report.buttons === 0) byId<HTMLDetailsElement>('check').open = true;
}

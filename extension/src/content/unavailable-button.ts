/**
 * The button of a row the recipe cannot read (no PDF address): greyed, not clickable, the reason as its tooltip,
 * so staff see that the row is known and IT sees which recipe field to fix.
 */
import type { Translator } from '../common/i18n';
import type { FieldProblem } from '../common/upload-target';

const STYLE = `
:host { all: initial; display: inline-block; margin-left: 8px; vertical-align: middle; }
button { all: unset; font: 600 13px/1.2 system-ui, Arial, sans-serif; background: #c9d0d7; color: #39424b;
  padding: 5px 12px; border-radius: 4px; cursor: not-allowed; }
`;

export function createUnavailableButton(t: Translator, problem: FieldProblem): HTMLElement {
  const host = document.createElement('kyso-sign-unavailable');
  host.setAttribute('data-kyso', 'sign-unavailable');
  host.dataset.field = problem.field;
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const button = document.createElement('button');
  button.type = 'button';
  button.disabled = true;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = t.t('signButton');
  const reason = t.t('signButtonUnavailable', problem.field, problem.reason);
  // The host carries the tooltip too: a disabled button gets no hover events in some browsers.
  host.title = reason;
  button.title = reason;
  button.setAttribute('aria-label', reason);
  root.append(style, button);
  return host;
}

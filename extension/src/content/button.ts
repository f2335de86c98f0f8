/**
 * The "Ký số" button, inside a closed shadow root so the portal's CSS cannot restyle it, ours cannot leak out, and
 * the portal's scripts cannot reach it (read its state or its messages).
 * It also shows what went wrong right next to it (e.g. "agent not running" with what to do), as role=alert.
 */
import type { SerializedError } from '@kyso/shared';
import type { Translator } from '../common/i18n';

const STYLE = `
:host { all: initial; display: inline-block; margin-left: 8px; vertical-align: middle; }
button { all: unset; font: 600 13px/1.2 system-ui, Arial, sans-serif; background: #0b5cad; color: #fff;
  padding: 5px 12px; border-radius: 4px; cursor: pointer; }
button:hover { background: #084a8c; }
button:focus-visible { outline: 3px solid #f5b700; outline-offset: 2px; }
button[disabled] { background: #7a8a9a; cursor: progress; }
button.done { background: #0a7a22; }
button.verify { background: #fff; color: #0b5cad; box-shadow: inset 0 0 0 1px #0b5cad; margin-left: 6px; }
button.verify:hover { background: #eef4fb; }
.help { display: none; max-width: 360px; margin-top: 6px; padding: 8px 10px; border: 1px solid #d33;
  background: #fff4f4; color: #511; border-radius: 4px; font: 13px/1.4 system-ui, Arial, sans-serif; }
.help.visible { display: block; }
.help p { margin: 0 0 4px; }
`;

export interface SignButton {
  host: HTMLElement;
  setBusy(busy: boolean): void;
  showError(error: SerializedError): void;
  markSigned(ok: boolean): void;
}

/**
 * `onVerify`: a second button, "Kiểm tra chữ ký", for recipients who want to see who signed the row's document
 * (same trusted-click rule).
 */
export function createSignButton(t: Translator, label: string, onClick: () => void, onVerify?: () => void): SignButton {
  const host = document.createElement('kyso-sign');
  host.setAttribute('data-kyso', 'sign-button');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const help = document.createElement('div');
  help.className = 'help';
  help.setAttribute('role', 'alert');
  /** A button of ours that acts only on a real user's click or keypress: a portal script must not start it. */
  const addButton = (className: string, text: string, name: string, action: () => void): HTMLButtonElement => {
    const target = document.createElement('button');
    target.type = 'button';
    target.className = className;
    target.textContent = text;
    target.title = name;
    target.setAttribute('aria-label', name);
    target.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      event.preventDefault();
      event.stopPropagation();
      help.classList.remove('visible');
      action();
    });
    root.append(target);
    return target;
  };
  root.append(style);
  const button = addButton('kyso-sign', t.t('signButton'), t.t('signButtonTitle', label), onClick);
  if (onVerify) addButton('verify', t.t('verifyButton'), t.t('verifyButtonTitle', label), onVerify);
  root.append(help);

  return {
    host,
    setBusy(busy) {
      button.disabled = busy;
      button.textContent = busy ? t.t('signButtonBusy') : t.t('signButton');
    },
    showError(error) {
      help.replaceChildren(
        ...[t.error(error), ...t.errorHints(error)].map((line) => {
          const p = document.createElement('p');
          p.textContent = line;
          return p;
        }),
      );
      help.dataset.code = error.code;
      help.classList.add('visible');
    },
    markSigned(ok) {
      button.classList.toggle('done', ok);
      button.textContent = ok ? t.t('signButtonDone') : t.t('signButton');
    },
  };
}

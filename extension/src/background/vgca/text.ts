/**
 * The text a page's vgca_sign_json / vgca_sign_msg / vgca_auth asks to sign, checked before any window opens (pure,
 * so it is unit-tested): readable text only, within data.sign's limit. What public callers send:
 * vgca_sign_json(sender, JSON.stringify({ JsonContent, DetachPayload?, IsPss? }), cb) — an opinion or a login key;
 * vgca_sign_msg(sender, Base64.encode(text), cb); vgca_auth(sender, challenge, cb).
 */
import { DATA_SIGN_MAX_CHARS } from '@kyso/shared';
import type { VgcaRefusal } from './plan';

const DATA_FUNCTIONS = ['vgca_sign_json', 'vgca_sign_msg', 'vgca_auth', 'vgca_get_certinfo'] as const;
export type DataFunction = (typeof DATA_FUNCTIONS)[number];

export function isDataFunction(fn: string): fn is DataFunction {
  return (DATA_FUNCTIONS as readonly string[]).includes(fn);
}

/** Readable: valid text without control characters other than tab and line breaks. */
function readable(text: string): boolean {
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text);
}

function decodeBase64Text(base64: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(base64.trim()), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The text a call asks to sign and whether it is carried in the signature, or why it is refused. */
export function textToSign(fn: DataFunction, params: string): { content: string; attached: boolean } | VgcaRefusal {
  let content: string | undefined;
  let attached = false;
  if (fn === 'vgca_sign_json') {
    let json: { JsonContent?: unknown; DetachPayload?: unknown } | null;
    try {
      json = JSON.parse(params) as typeof json;
    } catch {
      return { refuse: 'vgcaBadParams' };
    }
    const value = json?.JsonContent;
    content = typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value);
    // VGCA's DetachPayload: "false" carries the content in the signature; detached otherwise.
    attached = json?.DetachPayload === false || String(json?.DetachPayload).toLowerCase() === 'false';
  } else if (fn === 'vgca_sign_msg') {
    content = decodeBase64Text(params); // public callers send Base64.encode(text)
  } else {
    content = params; // vgca_auth: the server's challenge, as the page passes it
  }
  if (!content?.trim() || !readable(content)) return { refuse: 'vgcaNotText' };
  if (content.length > DATA_SIGN_MAX_CHARS) return { refuse: 'vgcaTextTooLong', args: [String(DATA_SIGN_MAX_CHARS)] };
  return { content, attached };
}

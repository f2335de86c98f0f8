/**
 * VGCA's page API as public portal code calls it (no official specification is published; extension/README.md,
 * "For vendors", lists what each function does here). No imports: the MAIN-world script bundles this file alone.
 *
 * Each function opens `wss://127.0.0.1:8987/<Path>`, sends one string and hands the first answer to its callback:
 * - `json`:     fn(jsonParams, callback(result))                           — the PDF functions, verify_*
 * - `sender`:   fn(sender, body, callback(sender, result)[, onError])       — sign_json, sign_msg, sign_xml, auth
 * - `callback`: fn(callback(result))                                        — get_certinfo, get_version
 * - `none`:     fn()                                                        — show_config
 */
export type VgcaCallShape = 'json' | 'sender' | 'callback' | 'none';

export const VGCA_CATALOGUE = {
  vgca_sign_approved: { path: 'SignApproved', shape: 'json' },
  vgca_sign_issued: { path: 'SignIssued', shape: 'json' },
  vgca_sign_income: { path: 'SignIncome', shape: 'json' },
  vgca_sign_appendix: { path: 'SignAppendix', shape: 'json' },
  vgca_sign_copy: { path: 'SignCopy', shape: 'json' },
  vgca_comment: { path: 'Comment', shape: 'json' },
  vgca_sign_pdf: { path: 'SignPDF', shape: 'json' },
  vgca_sign_file: { path: 'SignFile', shape: 'json' },
  vgca_sign_files: { path: 'SignFiles', shape: 'json' },
  vgca_verify_pdf: { path: 'VerifyPDF', shape: 'json' },
  vgca_sign_json: { path: 'SignJson', shape: 'sender' },
  vgca_sign_msg: { path: 'SignMsg', shape: 'sender' },
  vgca_auth: { path: 'Auth', shape: 'sender' },
  vgca_get_certinfo: { path: 'GetCertInfo', shape: 'callback' },
  vgca_get_version: { path: 'GetVersion', shape: 'callback' },
  // Answered "not supported" (extension/README.md says why for each).
  vgca_sign_hash: { path: 'SignHash', shape: 'sender' },
  vgca_sign_xml: { path: 'SignXML', shape: 'sender' },
  vgca_sign_office: { path: 'SignOffice', shape: 'json' },
  vgca_sign_pdfwp: { path: 'SignPDFWP', shape: 'json' },
  vgca_sign_xml_wp12: { path: 'SignXMLP12', shape: 'json' },
  vgca_verify_json: { path: 'VerifyJson', shape: 'json' },
  vgca_verify_msg: { path: 'VerifyMsg', shape: 'json' },
  vgca_verify_xml: { path: 'VerifyXML', shape: 'json' },
  vgca_verify_office: { path: 'VerifyOffice', shape: 'json' },
  vgca_license_request: { path: 'GetLicenseRequest', shape: 'callback' },
  vgca_show_config: { path: 'Config', shape: 'none' },
} as const satisfies Record<string, { path: string; shape: VgcaCallShape }>;

export type VgcaFunction = keyof typeof VGCA_CATALOGUE;
export const VGCA_FUNCTIONS = Object.keys(VGCA_CATALOGUE) as VgcaFunction[];

/** The plugin's port and hosts: a page's own `new WebSocket("wss://127.0.0.1:8987/SignJson")` is served too. */
export const VGCA_PORT = '8987';
export const VGCA_HOSTS = ['127.0.0.1', 'localhost'];

/** `wss://127.0.0.1:8987/SignJson` → `vgca_sign_json`; an unknown path → `unknown:<Path>`; another URL → undefined. */
export function vgcaFunctionOfUrl(url: string, base: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return undefined;
  }
  if (!/^wss?:$/.test(parsed.protocol) || parsed.port !== VGCA_PORT || !VGCA_HOSTS.includes(parsed.hostname)) {
    return undefined;
  }
  const path = parsed.pathname.replace(/^\/+|\/+$/g, '');
  const match = VGCA_FUNCTIONS.find((fn) => VGCA_CATALOGUE[fn].path.toLowerCase() === path.toLowerCase());
  return match ?? `unknown:${path.slice(0, 40)}`;
}

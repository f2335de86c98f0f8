/**
 * The recipes that ship with the extension. Real portals are added by IT through policy or the options page;
 * this one describes the demo e-office portal (test/portal) on its default port.
 */
import type { AdapterRecipe } from './adapter';

export const DEMO_PORTAL_ADAPTER: AdapterRecipe = {
  id: 'demo-qlvb',
  name: 'Quản lý văn bản và điều hành (demo)',
  matches: ['http://127.0.0.1:8080/*', 'http://localhost:8080/*'],
  rows: {
    selector: 'tr.doc-row, li.attachment',
    idAttribute: 'data-doc-id',
    titleSelector: '.doc-title, a.pdf-link',
    profilesAttribute: 'data-kyso-profiles',
    values: {},
  },
  pdf: { linkSelector: 'a.pdf-link', linkAttribute: 'href' },
  button: { anchorSelector: '.doc-actions, .attachment-actions', position: 'append' },
  upload: {
    urlTemplate: '/documents/{id}/upload',
    method: 'POST',
    fileField: 'file',
    extraFields: {},
    csrf: { metaName: 'csrf-token', inputSelector: 'input[name="csrf_token"]', field: 'csrf_token' },
  },
  profiles: ['leader', 'organization', 'appendix'],
  batch: {
    rowSelector: 'tr.doc-row[data-issue-number]',
    checkboxAnchorSelector: 'td.doc-select',
    toolbarSelector: '#documents',
    profile: 'organization',
    issueNumberAttribute: 'data-issue-number',
    sealMm: 36,
  },
  // The demo's "legacy" pages (/cu/…) call the VGCA plugin API themselves; only there do they get the shim.
  vgcaShim: { enabled: true, paths: ['/cu/*'], uploadField: 'uploadfile' },
};

/** Set by vite.config.ts: false in the published package (no build-time portal origins); absent in tests. */
declare const __KYSO_SHIP_DEMO__: boolean | undefined;
const shipDemo = typeof __KYSO_SHIP_DEMO__ === 'undefined' || __KYSO_SHIP_DEMO__;
/** The development build knows the demo portal; the published package knows no portal until IT names one. */
export const DEFAULT_ADAPTERS: AdapterRecipe[] = shipDemo ? [DEMO_PORTAL_ADAPTER] : [];

/** The demo recipe moved to another origin (tests run the portal on a free port). */
export function demoAdapterFor(origin: string): AdapterRecipe {
  return { ...DEMO_PORTAL_ADAPTER, id: 'demo-qlvb-test', matches: [`${origin}/*`] };
}

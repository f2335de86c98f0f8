/**
 * MV3 manifest. Permissions are the minimum: storage, scripting (the content script registered at run time for the
 * recipes' portals, and the opt-in vgca_* shim), activeTab (the popup's check view reads its tab's address), the
 * popup-window dialog (no permission needed). Host access: none at install in the published package; each portal's
 * origin is requested at run time (optional_host_permissions) when a recipe names it, or granted by policy.
 */
import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { EXTENSION_PUBLIC_KEY } from './src/common/extension-id.ts';

/**
 * Portal origins granted at install, as match patterns. The development build defaults to the demo portal on
 * 127.0.0.1/localhost; the published package is built with `KYSO_PORTAL_ORIGINS=` (empty: none) and gets every
 * portal through a recipe and a run-time grant (`npm run build:store`). A province may still build its own
 * package with `KYSO_PORTAL_ORIGINS="https://qlvb.example.gov.vn/*"`.
 */
export const PORTAL_ORIGINS = (process.env.KYSO_PORTAL_ORIGINS ?? 'http://127.0.0.1/*,http://localhost/*')
  .split(',')
  .map((origin) => origin.trim())
  .filter((origin) => /^https?:\/\/[^/*]+\/\*$/.test(origin));

export default defineManifest({
  manifest_version: 3,
  name: '__MSG_extName__',
  description: '__MSG_extDescription__',
  version: pkg.version,
  default_locale: 'vi',
  key: EXTENSION_PUBLIC_KEY,
  minimum_chrome_version: '116',
  action: { default_title: '__MSG_actionTitle__', default_popup: 'src/ui/popup.html' },
  options_ui: { page: 'src/ui/options.html', open_in_tab: true },
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  ...(PORTAL_ORIGINS.length > 0
    ? {
        content_scripts: [
          { matches: PORTAL_ORIGINS, js: ['src/content/portal.iife.ts'], run_at: 'document_idle' as const },
        ],
      }
    : {}),
  permissions: ['storage', 'scripting', 'activeTab'],
  host_permissions: PORTAL_ORIGINS,
  // Any portal a recipe names may be asked for at run time (one prompt per origin); nothing is granted by this.
  optional_host_permissions: ['https://*/*', 'http://*/*'],
  storage: { managed_schema: 'managed_schema.json' },
  content_security_policy: {
    // pdf.js may compile WebAssembly image decoders; nothing else is relaxed.
    extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
  },
});

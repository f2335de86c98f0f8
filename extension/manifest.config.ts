/**
 * MV3 manifest. Permissions are the minimum: storage, scripting (the opt-in vgca_* shim), the popup-window dialog
 * (no permission needed), host access to the agent on 127.0.0.1 and to the configured portal origins only (here:
 * the demo portal). No <all_urls>.
 */
import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { EXTENSION_PUBLIC_KEY } from './src/common/extension-id.ts';

/**
 * Portal origins the extension may read and upload to, as match patterns. The default is the demo portal; a
 * province builds its own package with `KYSO_PORTAL_ORIGINS="https://qlvb.example.gov.vn/*,…"` so the store
 * listing asks for exactly its portals. Adapters for origins outside this list cannot work (no access).
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
  content_scripts: [{ matches: PORTAL_ORIGINS, js: ['src/content/index.ts'], run_at: 'document_idle' }],
  // scripting: only to put the `vgca_*` shim into pages whose recipe enables it (chrome.scripting, MAIN world).
  permissions: ['storage', 'scripting'],
  host_permissions: PORTAL_ORIGINS,
  storage: { managed_schema: 'managed_schema.json' },
  content_security_policy: {
    // pdf.js may compile WebAssembly image decoders; nothing else is relaxed.
    extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
  },
});

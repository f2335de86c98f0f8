/** Builds the unpacked MV3 extension into dist/ (crxjs turns the manifest's TS entries into bundles). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import manifest, { PORTAL_ORIGINS } from './manifest.config.ts';

/**
 * crxjs lists a script imported with `?script` as web-accessible to every site the extension may reach; the
 * content script registered at run time needs no such entry, and listing it would let any page detect the
 * extension. Drops those entries from the built manifest.
 */
function keepContentScriptPrivate(): Plugin & {
  renderCrxManifest(manifest: ManifestWithResources): ManifestWithResources;
} {
  return {
    name: 'kyso:content-script-private',
    enforce: 'post',
    renderCrxManifest(manifest) {
      const entries = (manifest.web_accessible_resources ?? [])
        .map((entry) => ({ ...entry, resources: entry.resources.filter((r) => !r.endsWith('.iife.js')) }))
        .filter((entry) => entry.resources.length > 0);
      if (entries.length > 0) manifest.web_accessible_resources = entries;
      else delete manifest.web_accessible_resources;
      return manifest;
    },
  };
}

/**
 * `<!-- kyso:include partials/x.html -->` in a page is replaced by that file (relative to the page), indented like
 * the comment: the certificate chooser the dialog, the batch page and the text-signing window share is one file.
 */
function htmlIncludes(): Plugin {
  return {
    name: 'kyso:html-includes',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        return html.replace(/^([ \t]*)<!-- kyso:include ([\w./-]+) -->$/gm, (_line, indent: string, path: string) => {
          const part = readFileSync(resolve(dirname(context.filename), path), 'utf8').trimEnd();
          return part
            .split('\n')
            .map((line) => (line ? indent + line : line))
            .join('\n');
        });
      },
    },
  };
}

interface ManifestWithResources {
  web_accessible_resources?: { resources: string[] }[];
}

export default defineConfig({
  plugins: [htmlIncludes(), crx({ manifest }), keepContentScriptPrivate()],
  // The published package (no build-time portal origins) ships no demo recipe either.
  define: { __KYSO_SHIP_DEMO__: JSON.stringify(PORTAL_ORIGINS.length > 0) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome116',
    sourcemap: false,
    rollupOptions: {
      // The signing dialog, the batch page and the verify view are opened by URL, not named in the manifest.
      input: {
        dialog: 'src/ui/dialog.html',
        batch: 'src/ui/batch.html',
        vgca: 'src/ui/vgca.html',
        verify: 'src/ui/verify.html',
      },
    },
  },
});

// The single binary's JavaScript: the agent bundle with pkcs11js bundled too and its `.node` require redirected
// to the SEA-aware loader (agent/src/native/addon.ts), since a SEA's `require` only loads built-in modules.
import { basename, dirname } from 'node:path';
import { build } from 'esbuild';
import { agentBundleOptions, withPreparationWorker } from '../build.mjs';

const addonLoader = new URL('../src/native/addon.ts', import.meta.url).pathname;

/** `require('./build/Release/pkcs11.node')` inside pkcs11js becomes `loadSeaAddon('pkcs11.node')`. */
const seaAddonPlugin = {
  name: 'sea-addon',
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => ({ path: basename(args.path), namespace: 'sea-addon' }));
    b.onLoad({ filter: /.*/, namespace: 'sea-addon' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(addonLoader)}).loadSeaAddon(${JSON.stringify(args.path)});`,
      loader: 'js',
      resolveDir: dirname(addonLoader),
    }));
  },
};

/** Writes the bundle to `outfile`; returns the names of the addons it asks for (the SEA assets to embed). */
export async function bundleForSea(outfile) {
  const base = await withPreparationWorker({ ...agentBundleOptions, external: [] });
  const result = await build({
    ...base,
    entryPoints: [new URL('../src/native/sea-entry.ts', import.meta.url).pathname],
    outfile,
    external: [],
    // A SEA runs one file: no source map beside it (KYSO_DEBUG prints stacks with kept names instead).
    sourcemap: false,
    minifyWhitespace: true,
    metafile: true,
    plugins: [seaAddonPlugin],
  });
  return Object.keys(result.metafile.inputs)
    .filter((p) => p.startsWith('sea-addon:'))
    .map((p) => p.slice('sea-addon:'.length));
}

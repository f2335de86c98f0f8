// Bundles the agent CLI into one CommonJS file (also the input of the single-binary build).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Shared by this bundle and the single-binary bundle (agent/sea/bundle.mjs), which overrides a few fields. */
export const agentBundleOptions = {
  entryPoints: [new URL('./src/cli/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/kyso-agent.cjs', import.meta.url).pathname,
  bundle: true,
  loader: { '.ttf': 'binary' },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  keepNames: true,
  sourcemap: 'linked',
  external: ['pkcs11js'],
  define: {
    __KYSO_AGENT_VERSION__: JSON.stringify(version),
    // CommonJS has no import.meta: code that locates files beside its source (only when run from the sources,
    // server/isolation.ts) sees a fixed URL. The font comes in as bytes (`.ttf` loader, cli/bundled-font.ts).
    'import.meta.url': '"file:///kyso-agent-bundle/"',
    'process.env.WS_NO_BUFFER_UTIL': '"1"',
    'process.env.WS_NO_UTF_8_VALIDATE': '"1"',
  },
  logLevel: 'warning',
};

/**
 * The preparation worker (agent/src/server/isolation.ts) as one bundled source, defined into the agent's bundle:
 * a worker started from a string runs the same way from the bundle and from the single binary.
 */
export async function withPreparationWorker(options) {
  const worker = await build({
    ...options,
    entryPoints: [new URL('./src/cli/preparation-worker-entry.ts', import.meta.url).pathname],
    outfile: undefined,
    write: false,
    sourcemap: false,
    minifyWhitespace: true,
    metafile: false,
    plugins: [],
  });
  const source = worker.outputFiles[0].text;
  return { ...options, define: { ...options.define, __KYSO_PREPARATION_WORKER__: JSON.stringify(source) } };
}

// Imported by the single-binary build for its options only.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await build(await withPreparationWorker(agentBundleOptions));
}

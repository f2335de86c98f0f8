/** Builds the unpacked MV3 extension into dist/ (crxjs turns the manifest's TS entries into bundles). */
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.config.ts';

export default defineConfig({
  plugins: [crx({ manifest })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome116',
    sourcemap: false,
    rollupOptions: {
      // The signing dialog and the batch page are opened by URL (windows.create), not named in the manifest.
      input: { dialog: 'src/ui/dialog.html', batch: 'src/ui/batch.html' },
    },
  },
});

import { defineConfig } from 'vitest/config';

// `npm test -w extension`: the extension's unit tests (the root config's projects cover agent, shared and e2e).
export default defineConfig({ test: { name: 'extension', include: ['src/**/*.test.ts'] } });

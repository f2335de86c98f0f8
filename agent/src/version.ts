/** Replaced at build time from agent/package.json; the source value serves tests run from TypeScript. */
declare const __KYSO_AGENT_VERSION__: string | undefined;

export const AGENT_VERSION: string = typeof __KYSO_AGENT_VERSION__ === 'string' ? __KYSO_AGENT_VERSION__ : '0.1.0-dev';

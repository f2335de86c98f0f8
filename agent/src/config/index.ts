/**
 * The agent's configuration: defaults < per-user file < command line < machine-wide managed file. Values in the
 * managed file win and lock (IT pushes them by policy; a user cannot loosen them). Both files are validated;
 * a bad file is CONFIG_INVALID naming the file and the fields, never a silent default.
 */

import { readFileSync } from 'node:fs';
import { DEFAULT_AGENT_PORT, KysoError } from '@kyso/shared';
import { z } from 'zod';
import { type AgentLimits, defaultAgentLimits } from './limits';
import { type AgentPaths, agentPaths } from './paths';

/** An exact origin: scheme://host[:port], no path. Extension origins have no port. */
const origin = z
  .string()
  .regex(
    /^(https?|chrome-extension|moz-extension|ms-browser-extension):\/\/[A-Za-z0-9.\-[\]:]+$/,
    'an origin like https://host or chrome-extension://<id>, without a path',
  );

const limitsSchema = z
  .object({
    maxDocumentBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024),
    maxTextFrameBytes: z
      .number()
      .int()
      .min(4096)
      .max(16 * 1024 * 1024),
    maxMessagesPerSecond: z.number().int().min(1).max(100_000),
    maxConcurrentOperations: z.number().int().min(1).max(256),
    idleTimeoutMs: z.number().int().min(1000),
    maxConnections: z.number().int().min(1).max(10_000),
    maxPendingBlobs: z.number().int().min(1).max(1000),
    maxPendingBlobBytes: z
      .number()
      .int()
      .min(1024 * 1024),
    quietIdleTimeoutMs: z.number().int().min(1000),
    maxConnectionsPerOrigin: z.number().int().min(1).max(10_000),
    batchIdleTimeoutMs: z.number().int().min(1000),
    /** A connection that has not completed `hello` by then is closed (4408). */
    helloTimeoutMs: z.number().int().min(100).max(300_000),
    preparationTimeoutMs: z.number().int().min(100).max(600_000),
    preparationHeapMb: z.number().int().min(32).max(8192),
  })
  .partial()
  .strict();

/** PAdES B-T: an RFC 3161 time-stamp authority (signing/tsa-client.ts sends the requests). */
const timestampSchema = z
  .object({
    url: z.string().regex(/^https?:\/\//, 'must be an http(s) URL'),
    /** Default 15 s. */
    timeoutMs: z.number().int().min(500).max(120_000).optional(),
    /** Sign without a time-stamp (PAdES B-B) when the TSA fails, with a warning, instead of failing. */
    optional: z.boolean().optional(),
  })
  .strict();

/** The time-stamp authority the agent may contact: from the configuration or the command line, never a page. */
export type TimeStampAuthority = z.infer<typeof timestampSchema>;

export const configFileSchema = z
  .object({
    port: z.number().int().min(1).max(65535),
    allowedOrigins: z.array(origin).max(1000),
    modules: z.array(z.string().min(1)).max(100),
    /** Only the listed modules, no discovery of known vendor modules. */
    discoverModules: z.boolean(),
    /** PEM/DER files of intermediate CAs to embed for tokens that do not carry their chain. */
    chainCertificates: z.array(z.string().min(1)).max(100),
    /** PEM/DER roots `pdf.verify` trusts. */
    trustedRoots: z.array(z.string().min(1)).max(100),
    journal: z
      .object({
        dir: z.string().min(1),
        maxBytes: z.number().int().min(4096),
        maxFiles: z.number().int().min(1).max(1000),
      })
      .partial()
      .strict(),
    log: z
      .object({ level: z.enum(['error', 'warn', 'info', 'debug']), dir: z.string().min(1) })
      .partial()
      .strict(),
    limits: limitsSchema,
    /**
     * PAdES B-T: the RFC 3161 time-stamp authority the agent may contact (its only outbound traffic besides
     * OCSP/CRL). Only IT sets it; no web page can. `optional`: sign without a time-stamp when it fails.
     */
    timestamp: timestampSchema.nullable(),
  })
  .partial()
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ConfigKey = keyof ConfigFile;
export type ConfigSource = 'default' | 'user' | 'command-line' | 'managed';

export interface EffectiveConfig {
  port: number;
  allowedOrigins: string[];
  modules: string[];
  discoverModules: boolean;
  chainCertificates: string[];
  trustedRoots: string[];
  journal: { dir: string; maxBytes: number; maxFiles: number };
  log: { level: 'error' | 'warn' | 'info' | 'debug'; dir: string };
  limits: AgentLimits;
  timestamp: TimeStampAuthority | null;
}

export interface LoadedConfig {
  config: EffectiveConfig;
  /** Where each top-level value came from. */
  sources: Record<keyof EffectiveConfig, ConfigSource>;
  /** Keys set by the managed file: the command line and the user file cannot change them. */
  locked: ConfigKey[];
  files: { user: string; userFound: boolean; managed: string; managedFound: boolean };
}

export interface ConfigOverrides {
  /** `--config FILE`: replaces the per-user file. */
  userFile?: string;
  port?: number;
  /** `--allow-origin`: added to the configured origins. */
  allowOrigins?: string[];
  /** `--module`: added to the configured modules. */
  modules?: string[];
}

function defaults(paths: AgentPaths): EffectiveConfig {
  return {
    port: DEFAULT_AGENT_PORT,
    allowedOrigins: [],
    modules: [],
    discoverModules: true,
    chainCertificates: [],
    trustedRoots: [],
    journal: { dir: paths.stateDir, maxBytes: 5 * 1024 * 1024, maxFiles: 10 },
    log: { level: 'info', dir: paths.stateDir },
    limits: defaultAgentLimits(),
    timestamp: null,
  };
}

/** Reads and validates one file; a missing file is no error, an unreadable or invalid one is CONFIG_INVALID. */
export function readConfigFile(path: string): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KysoError('CONFIG_INVALID', { path, reason: (error as Error).message });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new KysoError('CONFIG_INVALID', { path, reason: `not valid JSON: ${(error as Error).message}` });
  }
  const parsed = configFileSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new KysoError('CONFIG_INVALID', { path, issues });
  }
  return parsed.data;
}

export function loadConfig(overrides: ConfigOverrides = {}, paths: AgentPaths = agentPaths()): LoadedConfig {
  const userPath = overrides.userFile ?? paths.userConfig;
  const user = readConfigFile(userPath);
  const managed = readConfigFile(paths.managedConfig);
  const config = defaults(paths);
  const sources = Object.fromEntries(Object.keys(config).map((k) => [k, 'default'])) as LoadedConfig['sources'];
  const apply = (file: ConfigFile | undefined, source: ConfigSource) => {
    if (!file) return;
    for (const key of Object.keys(file) as ConfigKey[]) {
      mergeKey(config, file, key);
      sources[key] = source;
    }
  };
  apply(user, 'user');
  applyCommandLine(config, sources, overrides);
  apply(managed, 'managed');
  return {
    config,
    sources,
    locked: managed ? (Object.keys(managed) as ConfigKey[]) : [],
    files: {
      user: userPath,
      userFound: user !== undefined,
      managed: paths.managedConfig,
      managedFound: managed !== undefined,
    },
  };
}

/** Nested objects merge field by field; everything else replaces. */
function mergeKey(config: EffectiveConfig, file: ConfigFile, key: ConfigKey): void {
  const value = file[key];
  if (value === undefined) return;
  if (key === 'journal' || key === 'log' || key === 'limits') {
    Object.assign(config[key], value);
  } else {
    (config as unknown as Record<string, unknown>)[key] = value;
  }
}

function applyCommandLine(config: EffectiveConfig, sources: LoadedConfig['sources'], overrides: ConfigOverrides): void {
  if (overrides.port !== undefined) {
    config.port = overrides.port;
    sources.port = 'command-line';
  }
  if (overrides.allowOrigins?.length) {
    config.allowedOrigins = [...new Set([...config.allowedOrigins, ...overrides.allowOrigins])];
    sources.allowedOrigins = 'command-line';
  }
  if (overrides.modules?.length) {
    config.modules = [...new Set([...overrides.modules, ...config.modules])];
    sources.modules = 'command-line';
  }
}

/**
 * Loads the configuration for a command; an invalid file is printed with its path and fields (the CLI's
 * generic one-line error would hide them) and becomes `undefined` so the command exits 1.
 */
export function loadConfigForCommand(overrides: ConfigOverrides): LoadedConfig | undefined {
  try {
    return loadConfig(overrides);
  } catch (error) {
    if (!(error instanceof KysoError) || error.code !== 'CONFIG_INVALID') throw error;
    const { path, issues, reason } = error.details as { path?: string; issues?: string[]; reason?: string };
    process.stderr.write(`${error.toLine()}
  ${path}: ${issues ? issues.join('; ') : reason}
`);
    return undefined;
  }
}

export {
  type AgentLimits,
  DEFAULT_HELLO_TIMEOUT_MS,
  DEFAULT_PENDING_BLOB_BYTES,
  DEFAULT_PREPARATION_HEAP_MB,
  DEFAULT_PREPARATION_TIMEOUT_MS,
  DEFAULT_QUIET_IDLE_MS,
  type ServerLimits,
} from './limits';
export { type AgentPaths, agentPaths, issuerCacheDir } from './paths';

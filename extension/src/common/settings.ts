/**
 * User settings (options page, storage.local) and enterprise policy (storage.managed). Policy wins where it
 * speaks: IT can pin the agent port and add portal adapters a user cannot remove.
 */
import { DEFAULT_AGENT_PORT } from '@kyso/shared';
import browser from 'webextension-polyfill';
import { z } from 'zod';
import { type AdapterRecipe, parseAdapters } from './adapter';
import { DEFAULT_ADAPTERS } from './default-adapters';

export const language = z.enum(['vi', 'en']);
export type Language = z.infer<typeof language>;

/** The agent's port as the options page and a policy may set it: not a privileged port (the agent runs as the user). */
export const agentPort = z.number().int().min(1024).max(65535);

export const userSettings = z.object({
  agentPort: agentPort.default(DEFAULT_AGENT_PORT),
  adapters: z.array(z.unknown()).default([]),
  /** Vietnamese first: the staff's browsers are often in English, the staff are not. */
  language: language.default('vi'),
});
export type UserSettings = z.infer<typeof userSettings>;

const managedPolicy = z
  .object({
    agentPort: agentPort.optional(),
    /** Chrome policy: a JSON string (its schema language cannot describe recipes); Firefox may pass a list. */
    adaptersJson: z.string().max(200_000).optional(),
    adapters: z.array(z.unknown()).optional(),
    language: language.optional(),
  })
  .passthrough();

export interface EffectiveSettings {
  agentPort: number;
  language: Language;
  adapters: AdapterRecipe[];
  /** Where each problem came from, for the options page. */
  adapterErrors: string[];
  /** Stored settings or a managed policy that failed their schema: defaults were used, and this says why. */
  settingsProblems: string[];
}

type Read<T> = { value: T; problem?: string };

const firstIssue = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
};

const KEY = 'settings';

export async function loadUserSettings(): Promise<UserSettings> {
  return (await readUserSettings()).value;
}

/** Invalid stored settings are not silently reset: the defaults serve, and the problem is reported. */
async function readUserSettings(): Promise<Read<UserSettings>> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const parsed = userSettings.safeParse(stored ?? {});
  if (parsed.success) return { value: parsed.data };
  return { value: userSettings.parse({}), problem: `options: stored settings invalid (${firstIssue(parsed.error)})` };
}

export async function saveUserSettings(settings: UserSettings): Promise<void> {
  await browser.storage.local.set({ [KEY]: userSettings.parse(settings) });
}

/** storage.managed throws when no policy schema/values exist (and in Firefox without policies): treat as empty. */
export async function loadManagedPolicy(): Promise<z.infer<typeof managedPolicy>> {
  return (await readManagedPolicy()).value;
}

/** An invalid policy is reported (IT set it on purpose), not silently read as no policy. */
async function readManagedPolicy(): Promise<Read<z.infer<typeof managedPolicy>>> {
  let all: unknown;
  try {
    all = await browser.storage.managed.get(null);
  } catch {
    return { value: {} };
  }
  const parsed = managedPolicy.safeParse(all);
  if (parsed.success) return { value: parsed.data };
  return { value: {}, problem: `policy: managed policy invalid (${firstIssue(parsed.error)})` };
}

export async function loadSettings(): Promise<EffectiveSettings> {
  const [userRead, policyRead] = await Promise.all([readUserSettings(), readManagedPolicy()]);
  const user = userRead.value;
  const policy = policyRead.value;
  const settingsProblems = [policyRead.problem, userRead.problem].filter((p): p is string => p !== undefined);
  for (const problem of settingsProblems) console.warn('KySo Bridge:', problem);
  const fromPolicy = parseAdapters(policy.adapters ?? parseJsonList(policy.adaptersJson));
  const fromUser = parseAdapters(user.adapters);
  return {
    agentPort: policy.agentPort ?? user.agentPort,
    language: policy.language ?? user.language,
    // Order decides which recipe wins for a URL: policy, then the user's, then the shipped defaults.
    adapters: [...fromPolicy.adapters, ...fromUser.adapters, ...DEFAULT_ADAPTERS],
    adapterErrors: [...fromPolicy.errors.map((e) => `policy ${e}`), ...fromUser.errors.map((e) => `options ${e}`)],
    settingsProblems,
  };
}

function parseJsonList(text: string | undefined): unknown {
  if (!text) return [];
  try {
    return JSON.parse(text);
  } catch {
    return 'adaptersJson is not valid JSON';
  }
}

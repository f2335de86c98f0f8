/**
 * Where the agent keeps things, per OS convention:
 *
 * | what           | Linux                                   | macOS                                                 | Windows                              |
 * |----------------|-----------------------------------------|-------------------------------------------------------|--------------------------------------|
 * | user config    | $XDG_CONFIG_HOME/kyso-agent/config.json | ~/Library/Application Support/KySo Agent/config.json  | %APPDATA%\KySo\Agent\config.json     |
 * | managed config | /etc/kyso-agent/config.json             | /Library/Application Support/KySo Agent/config.json   | %ProgramData%\KySo\Agent\config.json |
 * | journal, logs  | $XDG_STATE_HOME/kyso-agent              | ~/Library/Logs/KySo Agent                             | %LOCALAPPDATA%\KySo\Agent            |
 *
 * KYSO_AGENT_CONFIG, KYSO_AGENT_MANAGED_CONFIG and KYSO_AGENT_STATE_DIR override them (tests, portable installs).
 */
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export interface AgentPaths {
  userConfig: string;
  managedConfig: string;
  stateDir: string;
}

export function agentPaths(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): AgentPaths {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  const defaults = platformPaths(env, platform, home);
  return {
    userConfig: env.KYSO_AGENT_CONFIG || defaults.userConfig,
    managedConfig: env.KYSO_AGENT_MANAGED_CONFIG || defaults.managedConfig,
    stateDir: env.KYSO_AGENT_STATE_DIR || defaults.stateDir,
  };
}

function platformPaths(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): AgentPaths {
  if (platform === 'win32') {
    const appData = env.APPDATA ?? win32.join(home, 'AppData', 'Roaming');
    const localAppData = env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local');
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return {
      userConfig: win32.join(appData, 'KySo', 'Agent', 'config.json'),
      managedConfig: win32.join(programData, 'KySo', 'Agent', 'config.json'),
      stateDir: win32.join(localAppData, 'KySo', 'Agent'),
    };
  }
  if (platform === 'darwin') {
    return {
      userConfig: join(home, 'Library', 'Application Support', 'KySo Agent', 'config.json'),
      managedConfig: join('/Library', 'Application Support', 'KySo Agent', 'config.json'),
      stateDir: join(home, 'Library', 'Logs', 'KySo Agent'),
    };
  }
  const configHome = env.XDG_CONFIG_HOME || join(home, '.config');
  const stateHome = env.XDG_STATE_HOME || join(home, '.local', 'state');
  return {
    userConfig: join(configHome, 'kyso-agent', 'config.json'),
    managedConfig: '/etc/kyso-agent/config.json',
    stateDir: join(stateHome, 'kyso-agent'),
  };
}

/**
 * The per-user cache folder `name` (`native`: the extracted pkcs11.node; `issuers`: issuer certificates downloaded
 * from caIssuers addresses). A cache: deleting it costs an extraction or a download. KYSO_AGENT_CACHE_DIR moves
 * both (tests, locked-down profiles): the addons into it, the issuers into its `issuers` folder.
 */
export function agentCacheDir(
  name: 'native' | 'issuers',
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const moved = env.KYSO_AGENT_CACHE_DIR;
  if (moved) return name === 'native' ? moved : join(moved, name);
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'KySo', 'Agent', name);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'KySo Agent', name);
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'kyso-agent', name);
}

/** Issuer certificates downloaded from caIssuers addresses. */
export function issuerCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform) {
  return agentCacheDir('issuers', env, platform);
}

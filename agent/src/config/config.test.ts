import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentPaths, loadConfig } from './index';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(user?: unknown, managed?: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-config-'));
  dirs.push(dir);
  const paths = {
    userConfig: join(dir, 'user.json'),
    managedConfig: join(dir, 'managed.json'),
    stateDir: join(dir, 'state'),
  };
  if (user !== undefined) writeFileSync(paths.userConfig, typeof user === 'string' ? user : JSON.stringify(user));
  if (managed !== undefined) writeFileSync(paths.managedConfig, JSON.stringify(managed));
  return paths;
}

describe('loadConfig', () => {
  it('uses defaults when no file exists', () => {
    const loaded = loadConfig({}, setup());
    expect(loaded.config.port).toBe(8765);
    expect(loaded.sources.port).toBe('default');
    expect(loaded.files.userFound).toBe(false);
  });

  it('layers user file < command line < managed file, and managed keys lock', () => {
    const paths = setup(
      { port: 9000, allowedOrigins: ['https://egov.example.gov.vn'], limits: { maxConnections: 5 } },
      { allowedOrigins: ['chrome-extension://abcdefghijklmnop'], limits: { maxDocumentBytes: 2048 } },
    );
    const loaded = loadConfig({ port: 9100, allowOrigins: ['https://other.example'] }, paths);
    expect(loaded.config.port).toBe(9100);
    expect(loaded.sources.port).toBe('command-line');
    expect(loaded.config.allowedOrigins).toEqual(['chrome-extension://abcdefghijklmnop']);
    expect(loaded.sources.allowedOrigins).toBe('managed');
    expect(loaded.locked).toEqual(['allowedOrigins', 'limits']);
    expect(loaded.config.limits).toMatchObject({ maxConnections: 5, maxDocumentBytes: 2048 });
  });

  it('adds --allow-origin to the user file origins', () => {
    const loaded = loadConfig(
      { allowOrigins: ['https://b.example'] },
      setup({ allowedOrigins: ['https://a.example'] }),
    );
    expect(loaded.config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('reports an invalid file as CONFIG_INVALID naming the file and the field', () => {
    const paths = setup({ port: 'eighty', allowedOrigins: ['https://ok.example/path'] });
    expect(() => loadConfig({}, paths)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    try {
      loadConfig({}, paths);
    } catch (error) {
      const details = (error as { details: { path: string; issues: string[] } }).details;
      expect(details.path).toBe(paths.userConfig);
      expect(details.issues.join(' ')).toMatch(/port/);
      expect(details.issues.join(' ')).toMatch(/allowedOrigins\.0/);
    }
  });

  it('takes a time-stamp authority only as an http(s) URL', () => {
    const tsa = { url: 'http://tsa.ca.gov.vn', timeoutMs: 20_000, optional: true };
    expect(loadConfig({}, setup({ timestamp: tsa })).config.timestamp).toEqual(tsa);
    expect(loadConfig({}, setup({})).config.timestamp).toBeNull();
    expect(() => loadConfig({}, setup({ timestamp: { url: 'file:///etc/passwd' } }))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('reports broken JSON and unknown keys', () => {
    expect(() => loadConfig({}, setup('{ "port": '))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadConfig({}, setup({ prot: 1 }))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('knows the per-OS locations', () => {
    expect(agentPaths({ HOME: '/home/u' }, 'linux')).toEqual({
      userConfig: '/home/u/.config/kyso-agent/config.json',
      managedConfig: '/etc/kyso-agent/config.json',
      stateDir: '/home/u/.local/state/kyso-agent',
    });
    expect(
      agentPaths(
        { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', LOCALAPPDATA: 'C:\\L', ProgramData: 'C:\\ProgramData' },
        'win32',
      ).managedConfig,
    ).toBe('C:\\ProgramData\\KySo\\Agent\\config.json');
    expect(agentPaths({ HOME: '/Users/u' }, 'darwin').userConfig).toBe(
      '/Users/u/Library/Application Support/KySo Agent/config.json',
    );
  });
});

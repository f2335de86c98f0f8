import { describe, expect, it } from 'vitest';
import { compareVersions } from '../background/agent-client';
import { fillTemplate, findRecipe, parseAdapters, recipeMatchesUrl } from './adapter';
import { DEMO_PORTAL_ADAPTER, demoAdapterFor } from './default-adapters';

describe('adapter recipes', () => {
  it('accepts the shipped demo recipe and fills its defaults', () => {
    const { adapters, errors } = parseAdapters([DEMO_PORTAL_ADAPTER]);
    expect(errors).toEqual([]);
    expect(adapters[0]?.upload.method).toBe('POST');
  });

  it('names the entry and field of an invalid recipe', () => {
    const { adapters, errors } = parseAdapters([{ ...DEMO_PORTAL_ADAPTER, matches: ['*'] }]);
    expect(adapters).toEqual([]);
    expect(errors.join('\n')).toMatch(/^0\.matches\.0:/m);
  });

  it('refuses a CSRF source that says where the token is but not how to send it', () => {
    const recipe = { ...DEMO_PORTAL_ADAPTER, upload: { ...DEMO_PORTAL_ADAPTER.upload, csrf: { metaName: 'csrf' } } };
    expect(parseAdapters([recipe]).errors.join()).toContain('field or header');
  });

  it('matches URLs by scheme, host and port, not by substring', () => {
    const recipe = demoAdapterFor('http://127.0.0.1:4000');
    expect(recipeMatchesUrl(recipe, 'http://127.0.0.1:4000/documents/1')).toBe(true);
    expect(recipeMatchesUrl(recipe, 'http://127.0.0.1:4001/documents/1')).toBe(false);
    expect(recipeMatchesUrl(recipe, 'http://evil.example/?http://127.0.0.1:4000/')).toBe(false);
    expect(findRecipe([recipe], 'http://localhost:4000/')).toBeUndefined();
  });

  it('URL-encodes values filled into templates', () => {
    expect(fillTemplate('/documents/{id}/upload?f={name}', { id: 'a/b', name: 'quyết định.pdf' })).toBe(
      '/documents/a%2Fb/upload?f=quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf',
    );
  });
});

describe('version comparison for the agent handshake', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('0.1.10', '0.1.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('0.9.0', '1.0.0')).toBeLessThan(0);
  });
});

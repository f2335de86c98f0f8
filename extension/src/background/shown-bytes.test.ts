import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadPdf } from './portal-io';
import { type SessionStore, shownBytes } from './shown-bytes';

/** In-memory stand-in for chrome.storage.session (the one browser API the rule needs); it outlives a "worker". */
function fakeSessionStorage(): SessionStore & { keys(): string[] } {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => (items.has(key) ? { [key]: items.get(key) } : {}),
    set: async (entries) => {
      for (const [key, value] of Object.entries(entries)) items.set(key, value);
    },
    remove: async (key) => {
      items.delete(key);
    },
    keys: () => [...items.keys()],
  };
}

// A real portal on 127.0.0.1 whose document can change between the preview and the signature.
let server: Server;
let portal: string;
let current = '%PDF-1.7\n1 0 obj<<>>endobj\n% as the user saw it\n';
let downloads = 0;

beforeAll(async () => {
  server = createServer((_request, response) => {
    downloads++;
    response.setHeader('content-type', 'application/pdf');
    response.end(current);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}/van-ban/1.pdf`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('what is signed is what the user saw', () => {
  it('signs the bytes the preview showed, from memory, even when the portal has changed the file since', async () => {
    current = '%PDF-1.7\n% version A\n';
    const shown = shownBytes(fakeSessionStorage(), downloadPdf);
    const preview = await shown.pdf('job:a', portal, 'show');
    current = '%PDF-1.7\n% version B, edited after the preview\n';
    const before = downloads;
    expect(text(await shown.pdf('job:a', portal, 'use'))).toBe(text(preview));
    expect(downloads).toBe(before);
  });

  it('after a worker restart, downloads again and refuses a changed document with DOCUMENT_CHANGED', async () => {
    const store = fakeSessionStorage();
    current = '%PDF-1.7\n% version A\n';
    await shownBytes(store, downloadPdf).pdf('job:b', portal, 'show');
    current = '%PDF-1.7\n% version B\n';
    const restarted = shownBytes(store, downloadPdf);
    await expect(restarted.pdf('job:b', portal, 'use')).rejects.toMatchObject({ code: 'DOCUMENT_CHANGED' });
    // The refusal is not remembered: once the portal serves the shown bytes again, they are signed.
    current = '%PDF-1.7\n% version A\n';
    expect(text(await restarted.pdf('job:b', portal, 'use'))).toBe(current);
  });

  it('never signs a document nobody was shown, not even on a later preview of another job', async () => {
    const store = fakeSessionStorage();
    const shown = shownBytes(store, downloadPdf);
    await expect(shown.pdf('job:c', portal, 'use')).rejects.toMatchObject({
      code: 'DOCUMENT_CHANGED',
      details: { reason: 'not shown to the user' },
    });
    await shown.pdf('job:d', portal, 'show');
    await expect(shown.pdf('job:c', portal, 'use')).rejects.toMatchObject({ code: 'DOCUMENT_CHANGED' });
  });

  it('binds bytes a vgca_* call downloaded itself, and forgets a job completely when it ends', async () => {
    const store = fakeSessionStorage();
    const shown = shownBytes(store, downloadPdf);
    const held = new TextEncoder().encode('%PDF-1.7\n% fetched by the call\n');
    shown.hold('job:e', portal, held);
    expect(text(await shown.pdf('job:e', portal, 'use'))).toBe(text(held));
    expect(store.keys()).toEqual(['shown:job:e']);
    await shown.forget('job:e');
    expect(store.keys()).toEqual([]);
    await expect(shown.pdf('job:e', portal, 'use')).rejects.toMatchObject({ code: 'DOCUMENT_CHANGED' });
  });

  it('after its memory is dropped (a batch row uploaded), a retry downloads again and must match', async () => {
    const shown = shownBytes(fakeSessionStorage(), downloadPdf);
    current = '%PDF-1.7\n% row 3\n';
    await shown.pdf('batch:x:3', portal, 'show');
    shown.dropBytes('batch:x:3');
    const before = downloads;
    expect(text(await shown.pdf('batch:x:3', portal, 'use'))).toBe(current);
    expect(downloads).toBe(before + 1);
    current = '%PDF-1.7\n% row 3, replaced on the portal\n';
    shown.dropBytes('batch:x:3');
    await expect(shown.pdf('batch:x:3', portal, 'use')).rejects.toMatchObject({ code: 'DOCUMENT_CHANGED' });
  });
});

/**
 * A batch issuance: documents the clerk ticked on one portal list, from the review to the uploads. Kept in
 * storage.session like a signing job (a worker restart loses nothing but the in-memory PDFs, which are downloaded
 * again). The PDFs live in memory only while the batch page is open.
 */
import type { ProfileName } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { AdapterRecipe } from '../common/adapter';
import type { DocumentInPage } from '../common/messages';
import type { SigningJob } from './jobs';

export interface BatchJob {
  id: string;
  tabId: number;
  pageUrl: string;
  recipe: AdapterRecipe;
  profile: ProfileName;
  documents: DocumentInPage[];
  csrfToken?: string;
  createdAt: string;
  windowId?: number;
}

const PREFIX = 'batch:';
const pdfs = new Map<string, Uint8Array>();
const stops = new Set<string>();

export async function saveBatch(batch: BatchJob): Promise<void> {
  await browser.storage.session.set({ [PREFIX + batch.id]: batch });
}

export async function loadBatch(id: string): Promise<BatchJob | undefined> {
  return (await browser.storage.session.get(PREFIX + id))[PREFIX + id] as BatchJob | undefined;
}

export async function deleteBatch(id: string): Promise<void> {
  // The stop flag stays: a run still going must see it (the next run of a batch clears it).
  for (const key of pdfs.keys()) if (key.startsWith(`${id}:`)) pdfs.delete(key);
  await browser.storage.session.remove(PREFIX + id);
}

/** Batches whose page window is `windowId` (closed windows drop their batch). */
export async function batchesOfWindow(windowId: number): Promise<string[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key, value]) => key.startsWith(PREFIX) && (value as BatchJob).windowId === windowId)
    .map(([key]) => key.slice(PREFIX.length));
}

export const batchPdfs = {
  get: (batchId: string, index: number) => pdfs.get(`${batchId}:${index}`),
  set: (batchId: string, index: number, bytes: Uint8Array) => pdfs.set(`${batchId}:${index}`, bytes),
  drop: (batchId: string, index: number) => pdfs.delete(`${batchId}:${index}`),
};

/** "Dừng": documents not started yet are left alone; the one being signed finishes. */
export const batchStops = {
  request: (batchId: string) => stops.add(batchId),
  clear: (batchId: string) => stops.delete(batchId),
  requested: (batchId: string) => stops.has(batchId),
};

/** One document of the batch in the shape the portal upload expects (the recipe, the page, the CSRF token). */
export function jobOfDocument(batch: BatchJob, index: number): SigningJob {
  const document = batch.documents[index];
  if (!document) throw new Error(`batch ${batch.id} has no document ${index}`);
  return {
    id: `${batch.id}-${index}`,
    tabId: batch.tabId,
    pageUrl: batch.pageUrl,
    recipe: batch.recipe,
    document,
    csrfToken: batch.csrfToken,
    createdAt: batch.createdAt,
  };
}

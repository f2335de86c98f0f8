/**
 * A batch issuance: documents the clerk ticked on one portal list, from the review to the uploads. Kept in
 * storage.session like a signing job. Each document is bound to the bytes its review showed (previewed.ts): a
 * worker restart downloads them again and refuses a changed one. The PDFs live in memory only while the batch
 * page is open.
 */
import { KysoError, type ProfileName } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { AdapterRecipe } from '../common/adapter';
import type { DocumentInPage } from '../common/messages';
import type { SigningJob } from './jobs';
import { dropPreviewedBytes, forgetPreviewed, previewedPdf } from './previewed';

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
  /** Opened by a page's vgca_sign_files: its FileUploadHandler answers VGCA-style, and the page hears the run. */
  vgcaAnswer?: boolean;
}

const PREFIX = 'batch:';
const stops = new Set<string>();

export async function saveBatch(batch: BatchJob): Promise<void> {
  await browser.storage.session.set({ [PREFIX + batch.id]: batch });
}

export async function loadBatch(id: string): Promise<BatchJob | undefined> {
  return (await browser.storage.session.get(PREFIX + id))[PREFIX + id] as BatchJob | undefined;
}

export async function deleteBatch(id: string): Promise<void> {
  // The stop flag stays: a run still going must see it (the next run of a batch clears it).
  const batch = await loadBatch(id);
  for (let index = 0; index < (batch?.documents.length ?? 0); index++) await forgetPreviewed(documentKey(id, index));
  await browser.storage.session.remove(PREFIX + id);
}

/** Batches whose page window is `windowId` (closed windows drop their batch). */
export async function batchesOfWindow(windowId: number): Promise<string[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key, value]) => key.startsWith(PREFIX) && (value as BatchJob).windowId === windowId)
    .map(([key]) => key.slice(PREFIX.length));
}

function documentKey(batchId: string, index: number): string {
  return `${PREFIX}${batchId}:${index}`;
}

/** The review shows a document (`show`, which fixes its bytes); the run signs exactly those (`use`). */
export function batchPdf(batch: BatchJob, index: number, intent: 'show' | 'use'): Promise<Uint8Array> {
  const document = batch.documents[index];
  if (!document) throw new KysoError('INVALID_REQUEST', { index });
  return previewedPdf(documentKey(batch.id, index), document.url, intent);
}

/** After the upload: the memory goes, the binding stays (a retry may only sign the same bytes). */
export function dropBatchPdf(batchId: string, index: number): void {
  dropPreviewedBytes(documentKey(batchId, index));
}

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

/**
 * A signing job: one document from one portal tab, from the click to the upload. Kept in storage.session so a
 * worker restart while the user types the PIN loses nothing; the PDF is bound to the bytes the dialog showed
 * (previewed.ts), downloaded again only if the worker restarted and then only if unchanged.
 */
import browser from 'webextension-polyfill';
import { forgetPreviewed, holdPreviewed, previewedPdf } from './previewed';
import type { SigningJob } from './signing-job';

export type { SigningJob };

const PREFIX = 'job:';

export function newJobId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function saveJob(job: SigningJob): Promise<void> {
  await browser.storage.session.set({ [PREFIX + job.id]: job });
}

export async function loadJob(id: string): Promise<SigningJob | undefined> {
  const value = (await browser.storage.session.get(PREFIX + id))[PREFIX + id];
  return value as SigningJob | undefined;
}

export async function deleteJob(id: string): Promise<void> {
  await forgetPreviewed(PREFIX + id);
  await browser.storage.session.remove(PREFIX + id);
}

/** Jobs whose dialog window is `windowId` (a closed dialog drops its job). */
export async function jobsOfWindow(windowId: number): Promise<string[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key, value]) => key.startsWith(PREFIX) && (value as SigningJob).windowId === windowId)
    .map(([key]) => key.slice(PREFIX.length));
}

/** The bytes a `vgca_*` call downloaded for the dialog to show. */
export function holdJobPdf(job: SigningJob, bytes: Uint8Array): void {
  holdPreviewed(PREFIX + job.id, job.document.url, bytes);
}

/**
 * The job's PDF: `show` for the dialog's preview (the first one fixes the bytes), `use` for the placement and the
 * signature (only the bytes shown; DOCUMENT_CHANGED otherwise).
 */
export function jobPdf(job: SigningJob, intent: 'show' | 'use'): Promise<Uint8Array> {
  return previewedPdf(PREFIX + job.id, job.document.url, intent);
}

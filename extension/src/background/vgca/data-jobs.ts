/**
 * The text-signing and certificate windows' records: what the window shows and what is signed, kept in
 * storage.session like jobs (never what a window sends back).
 */
import { KysoError } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { DataWindowView } from '../../common/messages';

export interface DataJob extends DataWindowView {
  id: string;
}

const PREFIX = 'vgcadata:';

export async function saveDataJob(job: DataJob): Promise<void> {
  await browser.storage.session.set({ [PREFIX + job.id]: job });
}

export async function loadDataJob(id: string): Promise<DataJob> {
  const job = (await browser.storage.session.get(PREFIX + id))[PREFIX + id] as DataJob | undefined;
  if (!job) throw new KysoError('INVALID_REQUEST', { reason: 'this window has ended', id });
  return job;
}

export async function deleteDataJob(id: string): Promise<void> {
  await browser.storage.session.remove(PREFIX + id);
}

/** "Dừng" on the batch page: documents not started yet are skipped; the one being signed finishes normally. */
import type { RequestOf } from '../../common/messages';
import { batchStops } from '../batches';

export async function batchStop(request: RequestOf<'batch.stop'>): Promise<{ stopping: true }> {
  batchStops.request(request.batchId);
  return { stopping: true };
}

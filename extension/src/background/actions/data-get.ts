/** The text-signing or certificate window (src/ui/vgca.ts) opens: what the page's vgca_* call asks, and for whom. */
import type { DataWindowView, RequestOf } from '../../common/messages';
import { loadDataJob } from '../vgca/data-jobs';

export async function dataGet(request: RequestOf<'data.get'>): Promise<DataWindowView> {
  const { kind, fn, origin, title, content, attached } = await loadDataJob(request.jobId);
  return { kind, fn, origin, title, content, attached };
}

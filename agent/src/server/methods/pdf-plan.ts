/**
 * `pdf.plan`: runs a profile's automatic placement (and, for the clerk's step, finds the number and date blanks)
 * without signing — no token, no PIN, nothing returned but a rectangle. The dialog draws it over its preview;
 * the batch review list shows which documents have their place. PLACEMENT_NOT_FOUND when there is none.
 */
import { KysoError, type PlanResult, type RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';

export async function pdfPlan(params: RequestParams<'pdf.plan'>, context: MethodContext): Promise<PlanResult> {
  const document = context.client.takeBlob(params.document);
  const image = params.appearance?.image ? context.client.takeBlob(params.appearance.image) : undefined;
  if (params.profile === 'leader' && !params.signerName) {
    throw new KysoError('INVALID_ARGUMENT', { reason: 'the leader profile needs signerName (the certificate’s name)' });
  }
  context.progress('preparing');
  return context.agent.options.planDocument({ document, image, params }, context.signal);
}

/**
 * The planning behind `pdf.plan`: open the PDF and run the profile's placement (profiles.ts) without signing.
 * The server runs it in a preparation worker, never on its own thread (untrusted bytes).
 */
import { KysoError, type PlanResult, type RequestParams, vietnamIsoTime } from '@kyso/shared';
import { type AppearanceFont, openPdf } from '../pdf';
import { planProfile } from './profiles';

export interface PlanInput {
  document: Uint8Array;
  image?: Uint8Array;
  params: RequestParams<'pdf.plan'>;
}

export function planDocument({ document, image, params }: PlanInput, font: AppearanceFont): PlanResult {
  const doc = openPdf(document);
  const plan = withPageCount(doc.pageCount, () =>
    planProfile({
      doc,
      profile: params.profile,
      options: params.profileOptions,
      image,
      signerName: params.signerName ?? params.organization ?? '',
      organization: params.organization,
      signedAt: vietnamIsoTime(new Date()),
      issuance: params.issuance,
      font,
    }),
  );
  if (!plan.rect) throw new KysoError('PLACEMENT_NOT_FOUND', { profile: params.profile, pageCount: doc.pageCount });
  const page = doc.page(plan.pageIndex);
  return {
    page: plan.pageIndex + 1,
    pageCount: doc.pageCount,
    pageSize: { width: page.width, height: page.height },
    rect: plan.rect,
    warnings: plan.warnings,
    ...(plan.documentSigner ? { documentSigner: plan.documentSigner } : {}),
  };
}

/** A review list shows the page count even when the anchor is missing: it goes into the error's details. */
function withPageCount<T>(pageCount: number, plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof KysoError) throw new KysoError(error.code, { ...error.details, pageCount });
    throw error;
  }
}

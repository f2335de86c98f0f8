/**
 * Asks the agent where a profile puts the signature (`pdf.plan`): no token, no PIN. Used by the dialog's preview
 * and by the batch review list. The image goes along because its aspect ratio sizes the box.
 */
import type { PlanResult, ProfileName } from '@kyso/shared';
import { base64ToBytes, imageKindFor, loadSignatureImage } from '../common/signature-image';
import { agent } from './context';
import { newJobId } from './jobs';

export interface PlanRequest {
  bytes: Uint8Array;
  fileName: string;
  profile: ProfileName;
  /** The signing certificate's common name: the leader profile looks for it under the signer block. */
  signerName?: string;
  /** The certificate's organisation (O=): the text of the appendix and copy profiles names it. */
  organization?: string;
  sealMm?: number;
  issuance?: { number: string; date: string };
}

/** The image a profile draws, as blob bytes (undefined for text profiles or when none is chosen yet). */
export async function profileImage(profile: ProfileName): Promise<Uint8Array | undefined> {
  const kind = imageKindFor(profile);
  const image = kind ? await loadSignatureImage(kind) : undefined;
  return image ? base64ToBytes(image.pngBase64) : undefined;
}

export async function planPlacement(request: PlanRequest): Promise<PlanResult> {
  const documentBlob = { id: newJobId(), bytes: request.bytes };
  const image = await profileImage(request.profile);
  const imageBlob = image ? { id: newJobId(), bytes: image } : undefined;
  return (await agent.call(
    'pdf.plan',
    {
      document: { blob: documentBlob.id, name: request.fileName },
      profile: request.profile,
      appearance: imageBlob ? { image: { blob: imageBlob.id } } : undefined,
      signerName: request.signerName,
      organization: request.organization,
      profileOptions: request.sealMm ? { sealMm: request.sealMm } : undefined,
      issuance: request.issuance,
    },
    { blobs: imageBlob ? [documentBlob, imageBlob] : [documentBlob] },
  )) as PlanResult;
}

/** Today in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD: the issue date the clerk writes. */
export function vietnamToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The clerk's issuance for a document of the batch: the portal's number and today's date. */
export function issuanceOf(issueNumber: string | undefined, profile: ProfileName): PlanRequest['issuance'] {
  return issueNumber && profile === 'organization' ? { number: issueNumber, date: vietnamToday() } : undefined;
}

/**
 * Asks the agent where a profile puts the signature (`pdf.plan`): no token, no PIN. Used by the dialog's preview
 * and by the batch review list. The image goes along because its aspect ratio sizes the box.
 */
import type { PlanResult, ProfileName } from '@kyso/shared';
import { base64ToBytes } from '../common/base64';
import { imageKindFor, loadSignatureImage } from '../common/signature-image';
import { agent } from './context';
import type { DocumentChoices } from './issuance';
import { newJobId } from './jobs';

export interface PlanRequest {
  bytes: Uint8Array;
  fileName: string;
  profile: ProfileName;
  /** The signing certificate's common name: the leader profile looks for it under the signer block. */
  signerName?: string;
  /** The certificate's organisation (O=): the text of the appendix and copy profiles names it. */
  organization?: string;
  /** The same choices the signature will send (issuance.ts). */
  choices: DocumentChoices;
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
  return agent.call(
    'pdf.plan',
    {
      document: { blob: documentBlob.id, name: request.fileName },
      profile: request.profile,
      appearance: imageBlob ? { image: { blob: imageBlob.id } } : undefined,
      signerName: request.signerName,
      organization: request.organization,
      profileOptions: request.choices.profileOptions,
      issuance: request.choices.issuance,
    },
    { blobs: imageBlob ? [documentBlob, imageBlob] : [documentBlob] },
  );
}

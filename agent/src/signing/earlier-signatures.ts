/**
 * Our update must leave every earlier signature valid under strict difference analysis (pyHanko's rules, see
 * pdf/diff): FORM_FILLING or less. Checked when the update is prepared (before the PIN is asked) and again on the
 * signed file.
 */
import { KysoError } from '@kyso/shared';
import { changesAfterRevision, openPdf } from '../pdf';

/** Throws UPDATE_BREAKS_EARLIER_SIGNATURE naming the signature, the level and the reason. */
export function refuseBreakingUpdate(file: Uint8Array, originalLength: number): void {
  const earlier = openPdf(file.subarray(0, originalLength)).signatures();
  for (const sig of earlier) {
    const [, , c, d] = sig.byteRange;
    if (c + d > originalLength) continue; // judged by verify, not ours to refuse
    const changes = changesAfterRevision(file, c + d);
    if (!changes.allowed) {
      throw new KysoError('UPDATE_BREAKS_EARLIER_SIGNATURE', {
        signature: sig.fieldName,
        level: changes.level,
        reason: changes.reasons.join('; '),
      });
    }
  }
}

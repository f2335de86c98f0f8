/**
 * The demo decision signed by the leader (rsa key) and then issued by the organisation (ec key, 36 mm seal), signed
 * in this process with the test token before the agent opens it: another producer than the extension path that the
 * verify-view tests check.
 */
import { blueSignaturePng, redSealPng } from '../fixtures/png';
import type { TestToken } from '../fixtures/token';
import { openTokenInProcess } from '../fixtures/token-session';
import { SEED_DOCUMENTS } from '../portal/seed';

export async function signIssuedDecision(token: TestToken): Promise<{ leader: Buffer; issued: Buffer }> {
  const opened = await openTokenInProcess(token);
  try {
    const leader = await opened.signPdf(token.keys.rsa.commonName, {
      document: await SEED_DOCUMENTS[0]!.files[0]!.build(),
      profile: 'leader',
      placement: { pageIndex: -1 },
      appearance: { image: blueSignaturePng() },
    });
    const issued = await opened.signPdf(token.keys.ec.commonName, {
      document: leader,
      profile: 'organization',
      placement: { pageIndex: -1 },
      appearance: { image: redSealPng() },
      profileOptions: { sealMm: 36 },
    });
    return { leader, issued };
  } finally {
    await opened.close();
  }
}

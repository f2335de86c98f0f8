/** Dialog: the certificates the agent can sign with, and their tokens (for PIN-retry warnings up front). */
import type { CertificateSummary, TokenInfo } from '@kyso/shared';
import { agent } from '../context';
import { withKeepAlive } from '../keepalive';

export interface CertificateChoice {
  certificates: CertificateSummary[];
  tokens: TokenInfo[];
}

export async function jobCertificates(): Promise<CertificateChoice> {
  return withKeepAlive(async () => {
    const { tokens } = await agent.call('tokens.list', {});
    const { certificates } = await agent.call('certificates.list', {});
    return { certificates, tokens };
  });
}

/** Dialog: the certificates the agent can sign with, and their tokens (for PIN-retry warnings up front). */
import type { CertificateSummary, TokenInfo } from '@kyso/shared';
import { agent } from '../context';
import { withKeepAlive } from '../keepalive';
import { listOf } from './agent-status';

export interface CertificateChoice {
  certificates: CertificateSummary[];
  tokens: TokenInfo[];
}

export async function jobCertificates(): Promise<CertificateChoice> {
  return withKeepAlive(async () => {
    const tokens = listOf<TokenInfo>(await agent.call('tokens.list', {}), 'tokens');
    const certificates = listOf<CertificateSummary>(await agent.call('certificates.list', {}), 'certificates');
    return { certificates, tokens };
  });
}

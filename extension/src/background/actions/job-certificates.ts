import type { CertificateChoice } from '../../common/messages';
import { agent } from '../context';
import { withKeepAlive } from '../keepalive';

export async function jobCertificates(): Promise<CertificateChoice> {
  return withKeepAlive(async () => {
    const { tokens } = await agent.call('tokens.list', {});
    const { certificates } = await agent.call('certificates.list', {});
    return { certificates, tokens };
  });
}

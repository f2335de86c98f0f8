/** Popup: is the agent there, which version, which tokens and certificates. Errors are part of the answer. */
import {
  type CertificateSummary,
  type HelloResult,
  type SerializedError,
  serializeError,
  type TokenInfo,
} from '@kyso/shared';
import { loadSettings } from '../../common/settings';
import { agent } from '../context';

export interface AgentStatus {
  port: number;
  connected: boolean;
  hello?: HelloResult;
  tokens: TokenInfo[];
  certificates: CertificateSummary[];
  error?: SerializedError;
}

export async function agentStatus(): Promise<AgentStatus> {
  const { agentPort: port } = await loadSettings();
  try {
    const hello = await agent.connect();
    const { tokens } = await agent.call('tokens.list', {});
    const { certificates } = await agent.call('certificates.list', {});
    return { port, connected: true, hello, tokens, certificates };
  } catch (error) {
    return { port, connected: agent.connected, tokens: [], certificates: [], error: serializeError(error) };
  }
}

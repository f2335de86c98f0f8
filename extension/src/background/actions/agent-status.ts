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
    const tokens = (await agent.call('tokens.list', {})) as { tokens?: TokenInfo[] } | TokenInfo[];
    const certificates = (await agent.call('certificates.list', {})) as
      | { certificates?: CertificateSummary[] }
      | CertificateSummary[];
    return {
      port,
      connected: true,
      hello,
      tokens: listOf(tokens, 'tokens'),
      certificates: listOf(certificates, 'certificates'),
    };
  } catch (error) {
    return { port, connected: agent.connected, tokens: [], certificates: [], error: serializeError(error) };
  }
}

/** The agent answers lists either bare or wrapped ({tokens: […]}); accept both. */
export function listOf<T>(value: unknown, key: string): T[] {
  if (Array.isArray(value)) return value as T[];
  const inner = (value as Record<string, unknown> | null)?.[key];
  return Array.isArray(inner) ? (inner as T[]) : [];
}

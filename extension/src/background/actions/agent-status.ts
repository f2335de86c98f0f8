/** Popup: is the agent there, which version, which tokens and certificates. Errors are part of the answer. */
import { serializeError } from '@kyso/shared';
import type { AgentStatus } from '../../common/messages';
import { loadSettings } from '../../common/settings';
import { agent } from '../context';

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

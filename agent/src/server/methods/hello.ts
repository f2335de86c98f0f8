/**
 * `hello`: the handshake every connection starts with. A protocol mismatch names the component to update
 * (web-eid's design), so the user is told "update the extension" rather than "something failed".
 */
import { compareVersions, type HelloResult, KysoError, PROTOCOL_VERSION, type RequestParams } from '@kyso/shared';
import { AGENT_VERSION } from '../../version';
import type { MethodContext } from '../context';

/** The oldest extension this agent talks to; raise it when the agent drops support for an extension behaviour. */
export const MIN_EXTENSION_VERSION = '0.1.0';

export async function hello(params: RequestParams<'hello'>, context: MethodContext): Promise<HelloResult> {
  const details = { agentProtocol: PROTOCOL_VERSION, clientProtocol: params.protocol, agentVersion: AGENT_VERSION };
  if (params.protocol < PROTOCOL_VERSION)
    throw new KysoError('VERSION_MISMATCH', { ...details, update: params.component });
  if (params.protocol > PROTOCOL_VERSION) throw new KysoError('VERSION_MISMATCH', { ...details, update: 'agent' });
  if (params.component === 'extension' && compareVersions(params.version, MIN_EXTENSION_VERSION) < 0) {
    throw new KysoError('VERSION_MISMATCH', {
      ...details,
      update: 'extension',
      minExtensionVersion: MIN_EXTENSION_VERSION,
    });
  }
  context.client.completeHandshake({ component: params.component, version: params.version });
  const { limits } = context.agent.options;
  return {
    protocol: PROTOCOL_VERSION,
    agentVersion: AGENT_VERSION,
    minExtensionVersion: MIN_EXTENSION_VERSION,
    limits: {
      maxDocumentBytes: limits.maxDocumentBytes,
      maxTextFrameBytes: limits.maxTextFrameBytes,
      maxMessagesPerSecond: limits.maxMessagesPerSecond,
      maxConcurrentOperations: limits.maxConcurrentOperations,
      idleTimeoutMs: limits.idleTimeoutMs,
    },
  };
}

/** `tokens.list`: the tokens present, with their PIN state flags (count low / final try / locked). */
import type { RequestParams, TokenInfo } from '@kyso/shared';
import type { MethodContext } from '../context';

export async function tokensList(
  _params: RequestParams<'tokens.list'>,
  context: MethodContext,
): Promise<{ tokens: TokenInfo[] }> {
  return { tokens: await context.agent.options.tokens.listTokens() };
}

/**
 * A message to the background worker whose answer never came: Chromium stops an idle MV3 worker (or updates the
 * extension) and the sender's promise rejects with its own English text ("The message port closed before a
 * response was received", "…the message channel closed before a response was received", "Extension context
 * invalidated"). The user gets EXTENSION_RESTARTED, which says what to do; anything else stays INTERNAL.
 */
import { KysoError, type SerializedError, serializeError } from '@kyso/shared';

const CHANNEL_GONE = /message (?:port|channel) closed|extension context invalidated|receiving end does not exist/i;

export function lostReplyError(error: unknown, action: string): SerializedError {
  const text = error instanceof Error ? error.message : String(error);
  if (CHANNEL_GONE.test(text)) return serializeError(new KysoError('EXTENSION_RESTARTED', { action, reason: text }));
  return serializeError(new KysoError('INTERNAL', { action, cause: text }));
}

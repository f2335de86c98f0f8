/**
 * The one way the content script and the extension pages ask the background worker something: the action's
 * request goes in, its reply type (common/messages.ts) comes out, and a refusal arrives as a thrown
 * SerializedError (the background never throws across the boundary; it answers `{ ok: false, error }`). A reply
 * lost to a worker restart is a coded error too (lost-reply.ts), never Chromium's English text.
 */
import browser from 'webextension-polyfill';
import { lostReplyError } from './lost-reply';
import type { ActionReplies, Reply, Request } from './messages';
import type { VgcaReplies, VgcaRequest } from './vgca-protocol';

type Replies = ActionReplies & VgcaReplies;

export async function ask<R extends Request | VgcaRequest>(request: R): Promise<Replies[R['action']]> {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(request);
  } catch (error) {
    throw lostReplyError(error, request.action);
  }
  if (!isReply(reply)) throw lostReplyError(new Error(`no reply to ${request.action}`), request.action);
  if (!reply.ok) throw reply.error;
  // The reply comes from our own background worker, whose actions are typed against the same map.
  return reply.value as Replies[R['action']];
}

function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

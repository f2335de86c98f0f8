/**
 * Messages from the content script and the extension pages to the background worker: one schema per action,
 * checked on arrival (web-eid dispatches by action; we also validate, it did not). Replies are
 * `{ ok: true, value }` or `{ ok: false, error: SerializedError }`, never a thrown exception across the boundary.
 */
import { profileName, type SerializedError } from '@kyso/shared';
import { z } from 'zod';

const certificateRef = z.object({ token: z.string().min(1).max(200), id: z.string().max(200) });

const placement = z.union([
  z.object({ invisible: z.literal(true) }),
  z.object({
    page: z.number().int().min(1),
    rect: z
      .object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() })
      .optional(),
  }),
]);

export const documentInPage = z.object({
  /** Absolute URL, already resolved by the content script from the recipe. */
  url: z.string().url().max(2000),
  id: z.string().max(200),
  title: z.string().max(500),
  fileName: z.string().max(255),
});
export type DocumentInPage = z.infer<typeof documentInPage>;

export const requestSchema = z.discriminatedUnion('action', [
  // From the content script (the page's origin comes from the sender, never from these fields).
  z.object({ action: z.literal('adapter.forPage') }),
  z.object({ action: z.literal('signing.start'), document: documentInPage, csrfToken: z.string().max(500).optional() }),
  // From the extension pages (dialog, popup, options).
  z.object({ action: z.literal('ui.texts') }),
  z.object({ action: z.literal('agent.status') }),
  z.object({ action: z.literal('job.get'), jobId: z.string().max(64) }),
  z.object({ action: z.literal('job.certificates'), jobId: z.string().max(64) }),
  z.object({
    action: z.literal('job.sign'),
    jobId: z.string().max(64),
    certificate: certificateRef,
    // The PIN lives only in this message and the agent request; it is never stored or logged.
    pin: z.string().min(1).max(64).optional(),
    placement,
    profile: profileName.optional(),
  }),
  z.object({ action: z.literal('job.cancel'), jobId: z.string().max(64) }),
  z.object({ action: z.literal('recent.list') }),
]);

export type Request = z.infer<typeof requestSchema>;
export type Action = Request['action'];
export type RequestOf<A extends Action> = Extract<Request, { action: A }>;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** Pushed by the background to extension pages and tabs (no reply expected). */
export type BackgroundEvent =
  | { event: 'progress'; jobId: string; stage: string; percent?: number }
  | { event: 'signed'; documentUrl: string; ok: boolean };

export interface RecentSignature {
  at: string;
  title: string;
  fileName: string;
  signer: string;
  portal: string;
  uploaded: boolean;
  status?: string;
}

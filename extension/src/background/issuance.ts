/**
 * The document's number and date as the agent writes them (pure, so it is unit-tested): the clerk's issuance
 * (`issuance {number, date}` with the organisation's profile) and the appendix's number (`profileOptions.number`).
 */
import { type ProfileName, type ProfileOptions, vietnamIsoTime } from '@kyso/shared';
import type { Issuance } from '../common/messages';

export type { Issuance };

/** Today in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD: the issue date the clerk writes. */
export function vietnamToday(now = new Date()): string {
  return vietnamIsoTime(now).slice(0, 10);
}

/**
 * The profile's options for one document: the seal's size, and for an appendix the document's number (its text
 * names the document it belongs to: "Kèm theo … số …").
 */
export function profileOptionsOf(
  profile: ProfileName,
  options: { sealMm?: number; number?: string },
): ProfileOptions | undefined {
  const result: ProfileOptions = {};
  if (options.sealMm) result.sealMm = options.sealMm;
  // The appendix names its document's number; the incoming mark writes the portal's incoming number.
  if ((profile === 'appendix' || profile === 'income') && options.number) result.number = options.number;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** What goes with a document's placement and signature besides the bytes: the profile's options, the issuance. */
export interface DocumentChoices {
  profileOptions?: ProfileOptions;
  issuance?: Issuance;
}

/**
 * One document in the dialog (the preview's plan and the signature send the same): the recipe's seal size, the
 * number a page's call gave (appendix, incoming mark), and the clerk's issuance with the organisation's profile only.
 */
export function jobChoices(
  job: { recipe: { batch?: { sealMm?: number } }; issuance?: Issuance; appendixNumber?: string },
  profile: ProfileName | undefined,
): DocumentChoices {
  if (!profile) return {};
  return {
    profileOptions: profileOptionsOf(profile, { sealMm: job.recipe.batch?.sealMm, number: job.appendixNumber }),
    issuance: profile === 'organization' ? job.issuance : undefined,
  };
}

/**
 * One row of a batch (the review's plan and the run send the same): the row's number names the document in an
 * appendix or incoming mark, and with the organisation's profile it is the issuance, dated today in Vietnam.
 */
export function batchDocumentChoices(
  sealMm: number | undefined,
  profile: ProfileName,
  issueNumber: string | undefined,
  now = new Date(),
): DocumentChoices {
  return {
    profileOptions: profileOptionsOf(profile, { sealMm, number: issueNumber }),
    issuance: issueNumber && profile === 'organization' ? { number: issueNumber, date: vietnamToday(now) } : undefined,
  };
}

/**
 * A date as VGCA pages pass `IssuedDate` — `dd/MM/yyyy` (also `d/M/yyyy`, `-` or `.` between) or `yyyy-MM-dd`,
 * optionally followed by a time — as YYYY-MM-DD; `undefined` when it is not a real calendar date.
 */
export function parseIssuedDate(text: string): string | undefined {
  const value = text.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(value);
  let year: number;
  let month: number;
  let day: number;
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ].*)?$/.exec(value);
    if (!match) return undefined;
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1900 && year <= 2999 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.toISOString().slice(0, 10) : undefined;
}

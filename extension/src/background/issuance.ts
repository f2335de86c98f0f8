/**
 * The document's number and date as the agent writes them (pure, so it is unit-tested): the clerk's issuance
 * (`issuance {number, date}` with the organisation's profile) and the appendix's number (`profileOptions.number`).
 */
import type { ProfileName } from '@kyso/shared';
import type { Issuance } from '../common/messages';

export type { Issuance };

/** Today in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD: the issue date the clerk writes. */
export function vietnamToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The clerk's issuance for a document of the batch: the portal's number and today's date. */
export function issuanceOf(issueNumber: string | undefined, profile: ProfileName): Issuance | undefined {
  return issueNumber && profile === 'organization' ? { number: issueNumber, date: vietnamToday() } : undefined;
}

/**
 * The profile's options for one document: the seal's size, and for an appendix the document's number (its text
 * names the document it belongs to: "Kèm theo … số …").
 */
export function profileOptionsOf(
  profile: ProfileName,
  options: { sealMm?: number; number?: string },
): { sealMm?: number; number?: string } | undefined {
  const result: { sealMm?: number; number?: string } = {};
  if (options.sealMm) result.sealMm = options.sealMm;
  // The appendix names its document's number; the incoming mark writes the portal's incoming number.
  if ((profile === 'appendix' || profile === 'income') && options.number) result.number = options.number;
  return Object.keys(result).length > 0 ? result : undefined;
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

/** YYYY-MM-DD as Vietnamese pages write it: dd/MM/yyyy. */
export function vietnameseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

/**
 * Errors and warnings are both tables of stable codes, each with a Vietnamese and an English text that says what
 * to do. The lookups and the one-line form they share are here, so the two tables behave alike.
 */
export type CodedTexts = Record<string, { vi: string; en: string }>;

/** The table's codes, in table order. */
export function codesOf<T extends CodedTexts>(texts: T): (keyof T & string)[] {
  return Object.keys(texts) as (keyof T & string)[];
}

/** A code of this table (an own key, so `toString` or `__proto__` never passes). */
export function isCodeOf<T extends CodedTexts>(texts: T, value: unknown): value is keyof T & string {
  return typeof value === 'string' && Object.hasOwn(texts, value);
}

/** `CODE: Vietnamese (English)` — the one-line form the CLI prints on stderr. */
export function codedLine(code: string, vi: string, en: string): string {
  return `${code}: ${vi} (${en})`;
}

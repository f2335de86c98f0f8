/**
 * Dates and times as people in Vietnam read them: `01/12/2026 17:18` in Vietnam time (UTC+07:00, no daylight
 * saving), `30/11/2028` for a day. Files, JSON and signed documents keep ISO 8601 (`vietnamIsoTime`); only what a
 * person reads on a screen or in a terminal goes through the `format` functions.
 */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

const pad = (n: number): string => String(n).padStart(2, '0');

function vietnamParts(value: string | number | Date): Date | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms + VIETNAM_OFFSET_MS) : undefined;
}

/** `dd/MM/yyyy HH:mm` (with `:ss` when asked) in Vietnam time; text that is not a time is returned as it is. */
export function formatVietnamDateTime(value: string | number | Date, options: { seconds?: boolean } = {}): string {
  const d = vietnamParts(value);
  if (!d) return String(value);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${options.seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  return `${formatVietnamDate(value)} ${time}`;
}

/** `dd/MM/yyyy` in Vietnam time; a bare `yyyy-MM-dd` is that calendar day. */
export function formatVietnamDate(value: string | number | Date): string {
  if (typeof value === 'string') {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  }
  const d = vietnamParts(value);
  if (!d) return String(value);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** `2026-11-22T09:15:30+07:00`: ISO 8601 in Vietnam time, as dates are written in signed documents and VGCA answers. */
export function vietnamIsoTime(value: string | number | Date): string {
  const d = vietnamParts(value);
  if (!d) return String(value);
  return `${d.toISOString().slice(0, 19)}+07:00`;
}

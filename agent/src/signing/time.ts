/** PDF dates (ISO 32000-1 §7.9.4) as ISO 8601; times in Vietnam are written by `vietnamIsoTime` in @kyso/shared. */
/** `D:20261122091530+07'00'` (ISO 32000-1 §7.9.4) → `2026-11-22T09:15:30+07:00`; other text is returned as is. */
export function pdfDateToIso(value: string): string {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value);
  if (!m) return value;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = m;
  const offset = !zone || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
}

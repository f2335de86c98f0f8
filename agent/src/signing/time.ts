/** Vietnam has one zone, UTC+7, and no daylight saving (Asia/Ho_Chi_Minh, no DST since 1975): format without relying on the host's zone. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function parts(date: Date) {
  const t = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    y: p(t.getUTCFullYear(), 4),
    mo: p(t.getUTCMonth() + 1),
    d: p(t.getUTCDate()),
    h: p(t.getUTCHours()),
    mi: p(t.getUTCMinutes()),
    s: p(t.getUTCSeconds()),
  };
}

/** `2026-11-22T09:15:30+07:00`: the time format on Vietnamese documents. */
export function vietnamIsoTime(date: Date): string {
  const { y, mo, d, h, mi, s } = parts(date);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`;
}

/** `D:20261122091530+07'00'` (ISO 32000-1 §7.9.4) → `2026-11-22T09:15:30+07:00`; other text is returned as is. */
export function pdfDateToIso(value: string): string {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value);
  if (!m) return value;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone] = m;
  const offset = !zone || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
}

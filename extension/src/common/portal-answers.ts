/**
 * What a portal's HTTP answers say, in the shapes portals use: the file name of a download (Content-Disposition,
 * RFC 6266 with RFC 8187 `filename*`), and the reason of a refusal in a JSON body (Spring Boot `message`, ASP.NET
 * `Message` / ProblemDetails `title`+`detail`+`errors`, VGCA handlers' `Message`, `error`, `errors[]`).
 */

const MAX_REASON_CHARS = 300;

/** A name safe to offer as a file name: no folders, no control characters, at most 255 characters. */
export function safeFileName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : undefined;
}

/** Header values arrive as Latin-1 bytes: a raw UTF-8 name (common, though not allowed) decodes back. */
function latin1AsUtf8(text: string): string {
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return text;
  }
}

function parameters(header: string): Map<string, string> {
  const params = new Map<string, string>();
  // `; name=token` or `; name="quoted \" string"` after the disposition type.
  const pattern = /;\s*([A-Za-z0-9!#$&+.^_`|~-]+\*?)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const match of header.matchAll(pattern)) {
    const name = (match[1] as string).toLowerCase();
    let value = (match[2] as string).trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

/** RFC 8187 ext-value: `UTF-8'lang'%E1%BA%BF…` (ISO-8859-1 is allowed too). */
function extValue(value: string): string | undefined {
  const match = /^([A-Za-z0-9_-]+)'[^']*'(.*)$/.exec(value);
  if (!match) return undefined;
  const charset = (match[1] as string).toLowerCase();
  const encoded = match[2] as string;
  try {
    if (charset === 'utf-8') return decodeURIComponent(encoded);
    if (charset === 'iso-8859-1')
      return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16)));
  } catch {
    return undefined;
  }
  return undefined;
}

/** The file name a download's `Content-Disposition` gives (`filename*` wins, RFC 6266 §4.3), if any. */
export function fileNameFromContentDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const params = parameters(header);
  const extended = params.get('filename*');
  const fromExtended = extended ? extValue(extended) : undefined;
  if (fromExtended) return safeFileName(fromExtended);
  const plain = params.get('filename');
  return plain ? safeFileName(latin1AsUtf8(plain)) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** One entry of an `errors` list or map: a string or an object with a message. */
function entryText(entry: unknown): string | undefined {
  if (Array.isArray(entry)) return entry.map(entryText).find(Boolean);
  if (typeof entry !== 'object' || entry === null) return text(entry);
  const e = entry as Record<string, unknown>;
  return text(e.message) ?? text(e.defaultMessage) ?? text(e.detail) ?? text(e.title) ?? text(e.msg);
}

function errorsText(errors: unknown): string | undefined {
  const entries = Array.isArray(errors)
    ? errors
    : typeof errors === 'object' && errors !== null
      ? Object.values(errors)
      : [];
  const lines = entries
    .slice(0, 5)
    .map(entryText)
    .filter((line): line is string => !!line);
  return lines.length > 0 ? lines.join('; ') : undefined;
}

/** The portal's own reason in a JSON answer, or '' when it gives none we recognise. */
export function portalErrorText(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return '';
  const b = body as Record<string, unknown>;
  const nestedError = typeof b.error === 'object' && b.error !== null ? entryText(b.error) : undefined;
  const main =
    text(b.message) ??
    text(b.Message) ??
    text(b.detail) ??
    text(b.error_description) ??
    nestedError ??
    // ProblemDetails: a generic `title`, the real reasons in `errors`; Spring's `error` is the status text only.
    errorsText(b.errors) ??
    text(b.error) ??
    text(b.title);
  return (main ?? '').slice(0, MAX_REASON_CHARS);
}

/** A minimal multipart/form-data parser (RFC 7578) for the portal's upload endpoint: fields and files in memory. */

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

function parseHeaders(block: string): Omit<MultipartPart, 'data'> | undefined {
  const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(block)?.[1];
  if (!disposition) return undefined;
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return undefined;
  const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
  const contentType = /content-type:\s*([^\r\n]+)/i.exec(block)?.[1]?.trim();
  return { name, filename, contentType };
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) break;
    const part = body.subarray(afterDelimiter + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = parseHeaders(part.subarray(0, headerEnd).toString('utf8'));
      if (headers) parts.push({ ...headers, data: part.subarray(headerEnd + 4) });
    }
    start = next;
  }
  return parts;
}

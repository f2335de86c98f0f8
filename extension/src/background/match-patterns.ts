/** Chrome match patterns (scheme://host[:port]/path) as far as host permissions and content scripts use them. */

interface Pattern {
  scheme: string;
  host: string;
  /** undefined: any port. */
  port?: string;
}

function parsePattern(pattern: string): Pattern | undefined {
  const match = /^(https?|\*):\/\/([^/:]+)(?::(\d+|\*))?\//.exec(pattern);
  if (!match) return undefined;
  const port = match[3] === '*' ? undefined : match[3];
  return { scheme: match[1] as string, host: match[2] as string, port };
}

/** Whether a manifest pattern (`http://127.0.0.1/*`: every port) already covers an origin pattern. */
export function coveredBy(origin: string, manifestPatterns: string[]): boolean {
  const o = parsePattern(origin);
  if (!o) return false;
  return manifestPatterns.some((pattern) => {
    const m = parsePattern(pattern);
    if (!m) return false;
    const scheme = m.scheme === '*' || m.scheme === o.scheme;
    const host = m.host === o.host || (m.host.startsWith('*.') && o.host.endsWith(m.host.slice(1)));
    return scheme && host && (m.port === undefined || m.port === o.port);
  });
}

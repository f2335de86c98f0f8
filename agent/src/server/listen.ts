/**
 * Listening on loopback only: 127.0.0.1 and ::1 on the same port. A taken port becomes PORT_IN_USE naming
 * the program that holds it when the OS tells us (IT staff need that, not a bare EADDRINUSE).
 */

import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { KysoError } from '@kyso/shared';

export const LOOPBACK_ADDRESSES = ['127.0.0.1', '::1'] as const;

/** Listens `servers[i]` on `LOOPBACK_ADDRESSES[i]`; returns the port actually bound (port 0 picks one). */
export async function listenLoopback(servers: Server[], port: number): Promise<{ port: number; addresses: string[] }> {
  const addresses: string[] = [];
  let bound = port;
  for (const [i, server] of servers.entries()) {
    const address = LOOPBACK_ADDRESSES[i];
    if (!address) break;
    try {
      await listenOne(server, address, bound);
      addresses.push(address);
      const info = server.address();
      if (info && typeof info === 'object') bound = info.port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A machine without IPv6 (or with ::1 disabled) still gets the agent on 127.0.0.1.
      if (address === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      await Promise.all(servers.map((s) => closeQuietly(s)));
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new KysoError('PORT_IN_USE', { port: bound, address, holder: await findPortHolder(bound) });
      }
      throw error;
    }
  }
  return { port: bound, addresses };
}

function listenOne(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host, port, ipv6Only: host === '::1', exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeQuietly(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/** Best effort: `ss` on Linux, `lsof` on macOS, `netstat -ano` on Windows; undefined when nothing tells. */
export async function findPortHolder(port: number): Promise<string | undefined> {
  const probes: Record<string, [string, string[]]> = {
    linux: ['ss', ['-Hltnp', `sport = :${port}`]],
    darwin: ['lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN']],
    win32: ['netstat', ['-ano', '-p', 'TCP']],
  };
  const probe = probes[process.platform];
  if (!probe) return undefined;
  const output = await new Promise<string>((resolve) => {
    execFile(probe[0], probe[1], { timeout: 2000 }, (_error, stdout) => resolve(String(stdout ?? '')));
  });
  const lines = output.split('\n').filter((l) => l.includes(`:${port}`) || process.platform === 'darwin');
  const text = lines
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .slice(0, 3)
    .join('; ');
  return text || undefined;
}

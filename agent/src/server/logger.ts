/**
 * Structured logs (pino) to a size-rotated file in the state folder, and to stderr with `--verbose`.
 * PINs never reach a log: requests are not logged with their params, and `pin` keys are redacted anyway.
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { RotatingFile } from '../journal';

export interface LoggerOptions {
  level: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Folder of `agent.log`; absent → no file. */
  dir?: string;
  verbose?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.dir) {
    const file = new RotatingFile(join(options.dir, 'agent.log'), { maxBytes: 2 * 1024 * 1024, maxFiles: 5 });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        try {
          file.appendSync(chunk.toString('utf8'));
          callback();
        } catch {
          // A full disk must not stop signing: the journal reports its own failures.
          callback();
        }
      },
    });
    streams.push({
      level: options.verbose ? 'debug' : options.level === 'silent' ? 'error' : options.level,
      stream: sink,
    });
  }
  if (options.verbose) streams.push({ level: 'debug', stream: process.stderr });
  const level = options.verbose ? 'debug' : options.level;
  return pino(
    { level, base: { pid: process.pid }, redact: { paths: ['pin', '*.pin', 'params.pin'], censor: '[redacted]' } },
    streams.length ? pino.multistream(streams) : undefined,
  );
}

/** A logger that writes nothing (tests, one-shot commands). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Start-up check of the single binary. Node 20's SEA still honours NODE_OPTIONS, so whoever controls the
 * environment could preload code (`--require`) or open a debugger (`--inspect`) inside the process that sees the
 * PIN. Preloads have already run by the time our code starts, so the binary cannot undo them; it refuses to go on
 * instead, which turns a silent injection into a visible failure, and it closes an inspector a flag opened.
 */
import { KysoError } from '@kyso/shared';
import { seaApi } from './addon';

/** Variables that change what code Node runs or exposes before or beside ours. */
const DANGEROUS_ENV = ['NODE_OPTIONS', 'NODE_REPL_EXTERNAL_MODULE'] as const;

/** The offending variable names, empty when the environment is clean. */
export function dangerousEnvironment(env: NodeJS.ProcessEnv): string[] {
  return DANGEROUS_ENV.filter((name) => (env[name] ?? '').trim() !== '');
}

/** Returns the exit code to stop with, or undefined to go on. Only a single binary refuses. */
export function guardSeaStart(
  env: NodeJS.ProcessEnv = process.env,
  isSea = seaApi() !== undefined,
): number | undefined {
  if (!isSea) return undefined;
  const found = dangerousEnvironment(env);
  if (found.length === 0) return undefined;
  const inspector = process.getBuiltinModule?.('node:inspector') as typeof import('node:inspector') | undefined;
  if (inspector?.url()) inspector.close();
  for (const name of found) delete env[name];
  const error = new KysoError('CONFIG_INVALID', { environment: found });
  process.stderr.write(
    `${error.toLine()} — ${found.join(', ')} is set; the agent does not start with it. ` +
      `Hãy bỏ biến môi trường này (unset it) rồi chạy lại.\n`,
  );
  return 78; // EX_CONFIG
}

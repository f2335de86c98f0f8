/**
 * `kyso-agent serve [--port N] [--config FILE] [--allow-origin ORIGIN]… [--module PATH]… [--verbose]`
 * Runs the agent until SIGINT/SIGTERM. Prints exactly one line when listening; scripts and tests wait for it.
 */

import { KysoError } from '@kyso/shared';
import { issuerCacheDir, type LoadedConfig, loadConfigForCommand } from '../config';
import { writeRunningState } from '../config/running';
import { Journal } from '../journal';
import { startServer } from '../server';
import { isolatedPreparation, stopIsolatedWork } from '../server/isolation';
import { createLogger } from '../server/logger';
import { signingStages } from '../server/signing-stages';
import { issuerFetcher } from '../signing/aia';
import { Pkcs11Backend, readCertificateFiles } from '../signing/token-backend';
import { SERVE } from './commands';
import { parseCommand } from './options';

/**
 * The signing pipeline (pdf-lib, fontkit, pkijs) loads on the first request, so the agent listens sooner. Drafts
 * and plans (the steps that draw or measure text) run in preparation workers, which make their own font.
 */
const pipeline = () => import('../signing');

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommand(SERVE, args);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new KysoError('INVALID_ARGUMENT', { port: values.port });
  }
  const loaded = loadConfigForCommand({
    userFile: values.config,
    port,
    allowOrigins: values['allow-origin'],
    modules: values.module,
  });
  if (!loaded) return 1;
  const { config } = loaded;
  const logger = createLogger({ level: config.log.level, dir: config.log.dir, verbose: values.verbose });
  const trustedRoots = readCertificateFiles(config.trustedRoots);
  const tokens = new Pkcs11Backend({
    modules: config.modules,
    discover: config.discoverModules,
    chainFiles: config.chainCertificates,
    trustedRoots,
    fetchIssuer: issuerFetcher({ cacheDir: issuerCacheDir() }),
  });
  const journal = new Journal(config.journal.dir, {
    maxBytes: config.journal.maxBytes,
    maxFiles: config.journal.maxFiles,
  });
  // Documents are parsed in worker threads (server/isolation.ts): the pipeline loads here only to finish.
  const isolated = isolatedPreparation({
    deadlineMs: config.limits.preparationTimeoutMs,
    maxHeapMb: config.limits.preparationHeapMb,
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      port: config.port,
      allowedOrigins: config.allowedOrigins,
      limits: config.limits,
      tokens,
      journal,
      logger,
      trustedRoots,
      signing: signingStages(pipeline, isolated.draft),
      timestamp: config.timestamp ?? undefined,
      verifyDocument: isolated.verify,
      planDocument: isolated.plan,
    });
  } catch (error) {
    await tokens.close();
    if (error instanceof KysoError && error.code === 'PORT_IN_USE') {
      const holder = error.details.holder ? ` — ${error.details.holder}` : '';
      process.stderr.write(`${error.toLine()} [port ${error.details.port}${holder}]\n`);
      return 1;
    }
    throw error;
  }
  const origins = config.allowedOrigins.length ? config.allowedOrigins.join(', ') : 'none — nothing can connect';
  process.stdout.write(`KySo Agent listening on ${server.url} (origins: ${origins})\n`);
  logger.info({ port: server.port, addresses: server.addresses, origins: config.allowedOrigins }, 'listening');
  const forgetRunning = recordRunning(loaded, server.port, (error) =>
    logger.warn({ error }, 'running state not written'),
  );
  await waitForStopSignal();
  forgetRunning();
  logger.info('stopping');
  await stopIsolatedWork();
  await server.close();
  await tokens.close();
  return 0;
}

/** Tells `doctor` what this agent uses (config/running.ts); a state folder that cannot be written only loses that. */
function recordRunning(loaded: LoadedConfig, port: number, onError: (error: string) => void): () => void {
  const { config, files } = loaded;
  try {
    return writeRunningState({
      pid: process.pid,
      port,
      allowedOrigins: config.allowedOrigins,
      journalDir: config.journal.dir,
      logDir: config.log.dir,
      configFiles: [files.userFound ? files.user : '', files.managedFound ? files.managed : ''].filter(Boolean),
      startedAt: new Date().toISOString(),
    });
  } catch (error) {
    onError(String(error));
    return () => undefined;
  }
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import path from 'node:path';
import { buildApp } from './app';
import { startBatchWorker } from './batch/runtime';
import { compose } from './composition';
import { openFoundations } from './foundations';
import type { Logger } from './observability/logger';
import { ConfigError, loadConfig, type Config } from './config';
import { developmentKey } from './devKey';
import { PROJECT_ROOT } from './paths';

const DEV_KEY_FILE = path.join(PROJECT_ROOT, '.enrich-dev-key');

function readConfig(): { config: Config; devKey: string | null } {
  try {
    const config = loadConfig(process.env);
    if (config.apiKeys.length > 0) return { config, devKey: null };
    if (config.env === 'production') {
      throw new ConfigError('ENRICH_API_KEYS', 'at least one tenant:key pair in production', undefined);
    }
    const devKey = developmentKey(DEV_KEY_FILE);
    return { config: Object.freeze({ ...config, apiKeys: [{ tenant: 'dev', key: devKey }] }), devKey };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`enrich: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Sends one (invalid) enrichment request through the app on a private loopback port before the real
 * port opens: the contract validator compiles its schemas on the first request (seconds on a busy
 * machine), and that first caller would otherwise wait for it — after every restart, behind a load
 * balancer. Invalid on purpose: it is answered 400 by the validator, so no source is consulted.
 */
async function warmUp(app: Express, key: string | undefined, logger: Logger): Promise<void> {
  if (key === undefined) return;
  const started = Date.now();
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await fetch(`http://127.0.0.1:${port}/enrich`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'X-Account-ID': 'startup-warm-up', Connection: 'close' },
    // No identifier: a 400 that compiles the request schema without consulting any source (no lookups).
    body: JSON.stringify({ enrich: ['company_name'] }),
    signal: AbortSignal.timeout(10_000),
  })
    .then((res) => res.arrayBuffer())
    .catch(() => undefined); // a failed warm-up only leaves the compile to the first caller
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  logger.info('warmed up', { ms: Date.now() - started });
}

/** Process entry: config -> dependencies -> listen -> graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const { config, devKey } = readConfig();
  const foundations = await openFoundations(config).catch((error: Error) => {
    process.stderr.write(`enrich: cannot open the store or Redis: ${error.message}\n`);
    process.exit(1);
  });
  const { logger } = foundations;
  const deps = compose(config, foundations);
  await deps.ready?.();
  const app = buildApp(deps);
  await warmUp(app, config.apiKeys[0]?.key, logger);
  // Batch workers run in the server process unless BATCH_CONCURRENCY=0 (then `npx enrich worker` does the work).
  const batchWorker = deps.batch && config.batchConcurrency > 0 ? startBatchWorker(deps, deps.batch) : null;
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    logger.info('listening', { port, env: config.env });
    if (config.env === 'production' && config.logHmacSecret === null) {
      logger.warn('LOG_HMAC_SECRET is not set: account hashes in logs change at every restart and differ between instances', { event: 'config_warning' });
    }
    // After the log lines already written (they reach stdout at the end of this loop turn: lineBuffer.ts).
    setImmediate(() => {
      process.stdout.write(`Enrich listening on http://localhost:${port} (docs: http://localhost:${port}/docs)\n`);
      if (devKey !== null) {
        process.stdout.write(
          `Development API key (tenant "dev"): ${devKey}\n` +
            `Try: curl -s -XPOST localhost:${port}/enrich -H "Authorization: Bearer ${devKey}" ` +
            `-H 'Content-Type: application/json' -d '{"email":"jane.doe@acme.io"}'\n` +
            `Studio (a web page for lookups and lists): run \`make gateway\` in another terminal, then open http://localhost:3000/\n`,
        );
      }
    });
  });
  // Slow clients must not hold sockets open forever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // Stop accepting, let in-flight requests finish, then close; force after the timeout.
    server.close(() => {
      // Live findings still being written back are kept before the store closes.
      void Promise.all([batchWorker?.stop(), deps.batch?.close(), deps.enrichment.settled()])
        .then(() => Promise.all([deps.dispose?.(), foundations.close()]))
        .finally(() => {
          logger.info('stopped');
          logger.on('finish', () => process.exit(0));
          logger.end();
        });
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('forcing shutdown: requests still running', { timeout_ms: config.shutdownTimeoutMs });
      server.closeAllConnections();
      process.exit(0);
    }, config.shutdownTimeoutMs).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  server.on('error', (error) => {
    process.stderr.write(`enrich: cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
    process.exit(1);
  });
}

void main();

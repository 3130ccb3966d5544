import freeMailboxDomains from 'email-providers/all.json';
import type { AppDeps } from './app';
import type { Config } from './config';
import { createDerivedSource } from './enrichment/sources/derived';
import { createFreeMailboxCheck } from './enrichment/freeMailboxes';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { loadSpec } from './spec';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

/** The production wiring of buildApp's dependencies; tests override what they need. */
export function createDeps(config: Config, overrides: Partial<AppDeps> & { logger?: Logger } = {}): AppDeps {
  const now = overrides.now ?? Date.now;
  const isFreeMailbox = createFreeMailboxCheck(freeMailboxDomains as string[]);
  return {
    config,
    logger: overrides.logger ?? createLogger({ level: config.logLevel }),
    metrics: overrides.metrics ?? createMetrics({ collectDefaults: config.env !== 'test' }),
    spec: overrides.spec ?? loadSpec(),
    sources: overrides.sources ?? [createDerivedSource({ isFreeMailbox, now: () => new Date(now()) })],
    readinessChecks: overrides.readinessChecks ?? [],
    now,
    version,
    ...(overrides.makeLimiter && { makeLimiter: overrides.makeLimiter }),
  };
}

import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { createKeyStore } from '../access/keyStore';
import { ConfigError, loadConfig, parseRateLimits } from '../config';
import { migrateToLatest, openDatabase } from '../store/db';
import { importFile, type ImportSummary } from '../store/importer';
import { startBatchWorker } from '../batch/runtime';
import { createWebhookSecret } from '../batch/webhooks';
import { compose } from '../composition';
import { openFoundations } from '../foundations';
import { defaultKey, runBatch } from './batch';

/** `--map a=b,c=d` -> { a: 'b', c: 'd' } */
function parseMap(raw: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [from, to] = pair.split('=').map((part) => part?.trim());
    if (!from || !to) throw new InvalidArgumentError(`expected column=field pairs separated by commas, got "${pair}"`);
    map[from] = to;
  }
  return map;
}

function positiveInteger(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a positive integer');
  return value;
}

function openStore() {
  try {
    return openDatabase(loadConfig(process.env).databaseUrl);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`enrich: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const program = new Command()
  .name('enrich')
  .description('Enrich operator commands. The store is DATABASE_URL (default sqlite:data/enrich.db).')
  .showHelpAfterError();

program
  .command('migrate')
  .description('bring the store schema to the newest migration')
  .action(async () => {
    const store = openStore();
    try {
      const applied = await migrateToLatest(store.db);
      console.log(applied.length === 0 ? 'store is up to date' : `applied: ${applied.join(', ')}`);
    } finally {
      await store.close();
    }
  });

program
  .command('import')
  .description('import people or companies from a CSV or JSONL file (upsert by email / domain)')
  .argument('<file>', 'a .csv, .jsonl or .ndjson file')
  .requiredOption('--kind <kind>', 'person or company', (value) => {
    if (value !== 'person' && value !== 'company') throw new InvalidArgumentError('expected person or company');
    return value;
  })
  .option('--map <pairs>', 'rename input columns: col=field,...', parseMap)
  .option('--source <name>', 'recorded as each row\'s source', 'import')
  .option('--batch-size <n>', 'rows per transaction', positiveInteger, 1000)
  .option('--rejects <file>', 'where rejected rows go (default <file>.rejects.jsonl)')
  .action(async (file: string, options: { kind: 'person' | 'company'; map?: Record<string, string>; source: string; batchSize: number; rejects?: string }) => {
    const store = openStore();
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing [{bar}] {percentage}% | {read} rows, {rejected} rejected', stream: process.stderr }, Presets.shades_classic) : null;
    const started = Date.now();
    try {
      await migrateToLatest(store.db);
      bar?.start(100, 0, { read: 0, rejected: 0 });
      const summary: ImportSummary = await importFile(store.db, {
        file,
        kind: options.kind,
        source: options.source,
        batchSize: options.batchSize,
        ...(options.map && { map: options.map }),
        ...(options.rejects && { rejectsFile: options.rejects }),
        onProgress: (progress, read, total) => bar?.update(total === 0 ? 100 : Math.floor((read / total) * 100), { read: progress.read, rejected: progress.rejected }),
      });
      bar?.update(100, { read: summary.read, rejected: summary.rejected });
      bar?.stop();
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `read ${summary.read}, inserted ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}` +
          ` in ${seconds.toFixed(1)} s (${Math.round(summary.read / Math.max(seconds, 0.001))} rows/s)`,
      );
      if (summary.ignoredColumns.length > 0) console.log(`ignored columns (map them with --map col=field): ${summary.ignoredColumns.join(', ')}`);
      if (summary.rejectsFile) console.log(`rejected rows and their reasons: ${summary.rejectsFile}`);
    } finally {
      bar?.stop();
      await store.close();
    }
  });

/** `30d`, `12h`, `90m` -> milliseconds */
function duration(raw: string): number {
  const match = /^(\d+)\s*([mhd])$/.exec(raw.trim());
  if (!match) throw new InvalidArgumentError('expected a duration like 90m, 24h or 30d');
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
}

function limits(raw: string): string {
  try {
    parseRateLimits(raw, '--limits');
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return raw.replace(/\s+/g, '');
}

function environment(raw: string): 'live' | 'test' {
  if (raw !== 'live' && raw !== 'test') throw new InvalidArgumentError('expected live or test');
  return raw;
}

async function withKeys<T>(work: (keys: ReturnType<typeof createKeyStore>) => Promise<T>): Promise<T> {
  const store = openStore();
  try {
    await migrateToLatest(store.db);
    return await work(createKeyStore(store.db));
  } finally {
    await store.close();
  }
}

const keys = program.command('keys').description('API keys: shown once when made, stored only as a hash');

keys
  .command('create')
  .description('make a key for a tenant and print it (the only time it is shown)')
  .requiredOption('--tenant <tenant>', 'the tenant the key acts for')
  .option('--name <name>', 'what the key is for, for people')
  .option('--limits <windows>', 'this key\'s rate limits per account, e.g. 100/m,1000/h,10000/d (default: the server\'s)', limits)
  .option('--expires <duration>', 'expire after e.g. 90d', duration)
  .option('--env <live|test>', 'key prefix enr_live_ or enr_test_', environment, 'live')
  .action(async (options: { tenant: string; name?: string; limits?: string; expires?: number; env: 'live' | 'test' }) => {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(options.tenant)) throw new Error('--tenant must be 1 to 64 of A-Z a-z 0-9 . _ -');
    const now = new Date();
    const made = await withKeys((store) =>
      store.create({
        tenant: options.tenant,
        environment: options.env,
        now,
        ...(options.name !== undefined && { name: options.name }),
        ...(options.limits !== undefined && { limits: options.limits }),
        ...(options.expires !== undefined && { expiresAt: new Date(now.getTime() + options.expires) }),
      }),
    );
    console.log(`id:  ${made.id}\nkey: ${made.key}\nStore the key now: it is not shown again.`);
  });

keys
  .command('list')
  .description('every key, without secrets')
  .action(async () => {
    const rows = await withKeys((store) => store.list());
    if (rows.length === 0) {
      console.log('no keys (ENRICH_API_KEYS bootstrap keys are not listed)');
      return;
    }
    const state = (row: (typeof rows)[number]) =>
      row.revoked_at ? `revoked ${row.revoked_at}` : row.expires_at ? (Date.parse(row.expires_at) <= Date.now() ? `expired ${row.expires_at}` : `expires ${row.expires_at}`) : 'active';
    for (const row of rows) {
      console.log([row.id, row.tenant, row.name ?? '-', row.key_hint, `created ${row.created_at}`, `last used ${row.last_used_at ?? 'never'}`, state(row), row.limits ?? 'default limits'].join('  '));
    }
  });

keys
  .command('revoke')
  .description('stop a key at once (servers notice within KEY_CACHE_S)')
  .argument('<id>')
  .action(async (id: string) => {
    const done = await withKeys((store) => store.revoke(id, new Date()));
    if (!done) throw new Error(`no active key ${id}`);
    console.log(`revoked ${id}`);
  });

keys
  .command('rotate')
  .description('make a replacement key; the old one keeps working for the grace period')
  .argument('<id>')
  .option('--grace <duration>', 'how long the old key keeps working', duration, 24 * 3_600_000)
  .option('--env <live|test>', 'prefix of the new key', environment, 'live')
  .action(async (id: string, options: { grace: number; env: 'live' | 'test' }) => {
    const made = await withKeys((store) => store.rotate(id, { graceMs: options.grace, environment: options.env, now: new Date() }));
    if (made === null) throw new Error(`no active key ${id}`);
    console.log(`id:  ${made.id}\nkey: ${made.key}\nThe old key ${id} works until ${made.oldExpiresAt.toISOString()}. Store the new key now: it is not shown again.`);
  });

program
  .command('worker')
  .description('run a batch worker (no HTTP) against DATABASE_URL (and REDIS_URL); run as many as you like')
  .action(async () => {
    const config = loadConfig(process.env);
    const foundations = await openFoundations(config);
    const { logger } = foundations;
    const deps = compose(config, foundations);
    const runtime = startBatchWorker(deps, deps.batch!);
    logger.info('batch worker started', { event: 'worker_started', concurrency: config.batchConcurrency });
    const stop = () => {
      void runtime
        .stop()
        .then(() => Promise.all([deps.batch?.close(), deps.dispose?.()]))
        .then(() => foundations.close())
        .finally(() => process.exit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });

program
  .command('batch')
  .description('enrich a CSV or NDJSON file on a server as a job; writes every row, in order, to --out')
  .argument('[file]', 'a .csv (header row with id, email, domain, company_name) or .ndjson file')
  .option('--enrich <fields>', 'fields wanted, comma-separated (default: all)')
  .option('--min-confidence <n>', 'confidence floor 0..1', Number)
  .option('--out <file>', 'where the results go (CSV)', 'enriched.csv')
  .option('--url <url>', 'the Enrich server', 'http://localhost:8080')
  .option('--key <key>', 'API key (default: ENRICH_API_KEY, else the development key of make start)')
  .option('--resume <job>', 'go on downloading a job started before')
  .action(async (file: string | undefined, options: { enrich?: string; minConfidence?: number; out: string; url: string; key?: string; resume?: string }) => {
    const key = options.key ?? defaultKey();
    if (key === undefined) throw new Error('no API key: pass --key or set ENRICH_API_KEY');
    await runBatch(file, {
      url: options.url,
      key,
      out: options.out,
      ...(options.enrich !== undefined && { enrich: options.enrich }),
      ...(options.minConfidence !== undefined && { minConfidence: options.minConfidence }),
      ...(options.resume !== undefined && { resume: options.resume }),
    });
  });

program
  .command('webhooks')
  .description('webhook signing secrets (Standard Webhooks)')
  .command('secret')
  .description('make a new signing secret for a tenant and print it once; the previous one keeps signing for 24 h')
  .requiredOption('--tenant <tenant>', 'the tenant whose webhooks it signs')
  .action(async (options: { tenant: string }) => {
    const store = openStore();
    try {
      await migrateToLatest(store.db);
      const secret = await createWebhookSecret(store.db, options.tenant, Date.now());
      console.log(`secret: ${secret}\nVerify webhook-signature with it (Standard Webhooks v1). It is shown once; a previous secret keeps signing for 24 h.`);
    } finally {
      await store.close();
    }
  });

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`enrich: ${error.message}\n`);
  process.exit(1);
});

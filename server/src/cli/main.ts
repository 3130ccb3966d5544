import { Command, InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { migrateToLatest, openDatabase } from '../store/db';
import { importFile, type ImportSummary } from '../store/importer';

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

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`enrich: ${error.message}\n`);
  process.exit(1);
});

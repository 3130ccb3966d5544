// How cost grows: fields asked, identifiers sent and distinct accounts, each a short closed-loop run
// at 50 connections (throughput and latency), and the limiter's memory per account measured in process.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { FIELD_NAMES } from '../server/src/enrichment/fields';
import { memoryWindowSet } from '../server/src/http/windowSet';
import { AUTH, drained, load, post, type Row } from './harness';

export interface CurveRow extends Row {
  /** The value on the curve's axis (1, 5, 19 fields; 1-3 identifiers; accounts). */
  readonly x: number;
  /** Server resident set after the run, MiB (accounts only). */
  readonly rssMiB?: number;
}

const CONNECTIONS = 50;
const JANE = { email: 'jane.doe@acme.io', domain: 'acme.io', company_name: 'Acme Analytics' };

function rssMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** Cache hits of Jane asking for the first 1, 5 and all 19 fields. */
export async function fieldsCurve(url: string, seconds: number): Promise<CurveRow[]> {
  const rows: CurveRow[] = [];
  for (const count of [1, 5, 19]) {
    const body = { email: JANE.email, enrich: FIELD_NAMES.slice(0, count) };
    await post(`${url}/enrich`, body);
    await drained(`${url}/enrich`, { body, headers: AUTH });
    rows.push({ x: count, ...(await load(`cache hit, ${count} field(s)`, `${url}/enrich`, { body, connections: CONNECTIONS, seconds, headers: AUTH })) });
  }
  return rows;
}

/** Store hits (cache off) of Jane sent with 1, 2 and 3 identifiers. */
export async function identifiersCurve(url: string, seconds: number): Promise<CurveRow[]> {
  const rows: CurveRow[] = [];
  const sets = [{ email: JANE.email }, { email: JANE.email, domain: JANE.domain }, JANE];
  for (const body of sets) {
    const count = Object.keys(body).length;
    await drained(`${url}/enrich`, { body, headers: AUTH });
    rows.push({ x: count, ...(await load(`store hit, ${count} identifier(s)`, `${url}/enrich`, { body, connections: CONNECTIONS, seconds, headers: AUTH })) });
  }
  return rows;
}

/** Cache hits with the account id turning over 1, 100, 10k and 100k accounts (each new one makes limiter state). */
export async function accountsCurve(url: string, pid: number, seconds: number): Promise<CurveRow[]> {
  const rows: CurveRow[] = [];
  for (const accounts of [1, 100, 10_000, 100_000]) {
    let n = 0;
    await drained(`${url}/enrich`, { body: { email: JANE.email }, headers: AUTH });
    const setupRequest = (request: Record<string, unknown>) => ({ ...request, headers: { ...(request['headers'] as object), 'x-account-id': `acct-${accounts}-${n++ % accounts}` } });
    const row = await load(`cache hit, ${accounts.toLocaleString('en')} account(s)`, `${url}/enrich`, { body: { email: JANE.email }, connections: CONNECTIONS, seconds, headers: AUTH, setupRequest });
    const rss = rssMiB(pid);
    rows.push({ x: accounts, ...row, ...(rss !== undefined && { rssMiB: rss }) });
  }
  return rows;
}

/** Heap bytes per account the in-process limiter keeps (default windows: 3 per account), filled to 100k accounts. */
export async function limiterBytesPerAccount(accounts = 100_000): Promise<number> {
  const specs = (['minute', 'hour', 'day'] as const).map((name, i) => ({ name: `acct_${name}_100`, limit: 100 * 10 ** i, seconds: [60, 3600, 86_400][i]!, scope: 'account' as const }));
  // A full collection before each reading, so the difference is what the entries keep alive.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const set = memoryWindowSet(specs, accounts);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < accounts; i += 1) await set.spend('bench', `bench:acct-${i}`);
  gc();
  const after = process.memoryUsage().heapUsed;
  if (set.accounts !== accounts) throw new Error(`limiter kept ${set.accounts} of ${accounts} accounts`);
  return Math.round((after - before) / accounts);
}

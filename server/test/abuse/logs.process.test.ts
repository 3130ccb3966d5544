import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ABUSE_KEY, startServer, type ServerProcess } from './serverProcess';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');

/**
 * Finding 3: the access log wrote account ids (often emails) in clear and the 404 log raw paths.
 * This runs every endpoint, the error paths and the CLI, then greps everything the server and the
 * CLI logged for every email, domain, company name, key and account id it sent.
 */
describe('logs hold no personal data or secrets (server process and CLI)', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'enrich-logs-'));
  const databaseUrl = `sqlite:${path.join(scratch, 'enrich.db')}`;
  const sent = {
    emails: ['jane.doe@acme.io', 'victim.person@customer-corp.com', 'ines.durand@northdrivegroup.fr', 'imported.person@privately-held.example'],
    domains: ['customer-corp.com', 'northdrivegroup.fr', 'privately-held.example'],
    companies: ['Customer Corp Holdings', 'Privately Held Widgets'],
    accounts: ['victim.person@customer-corp.com', 'account-7f3e-secret-name'],
    keys: [ABUSE_KEY, 'enr_test_not-a-real-key-but-secret-0000', 'query-string-secret-key-1234'],
  };
  let server: ServerProcess;
  let cliOutput = '';

  const cli = async (...args: string[]) => {
    const result = await run(process.execPath, [path.join(ROOT, 'bin/enrich.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'debug' },
    });
    return result;
  };

  beforeAll(async () => {
    const csv = path.join(scratch, 'people.csv');
    writeFileSync(
      csv,
      'email,first_name,last_name,company_name\n' +
        'imported.person@privately-held.example,Imported,Person,Privately Held Widgets\n' +
        'not-an-email,Broken,Row,Privately Held Widgets\n',
    );
    // The CLI: its diagnostics (stderr) and every output that is not the one-time key display.
    await cli('migrate').then((r) => (cliOutput += r.stdout + r.stderr));
    await cli('import', csv, '--kind', 'person').then((r) => (cliOutput += r.stdout + r.stderr));
    const created = await cli('keys', 'create', '--tenant', 'acme', '--name', 'log test');
    cliOutput += created.stderr;
    const stored = /key: (\S+)/.exec(created.stdout)![1]!;
    const id = /id: +(\S+)/.exec(created.stdout)![1]!;
    sent.keys.push(stored);
    await cli('keys', 'list').then((r) => (cliOutput += r.stdout + r.stderr));
    const rotated = await cli('keys', 'rotate', id);
    cliOutput += rotated.stderr;
    sent.keys.push(/key: (\S+)/.exec(rotated.stdout)![1]!);
    await cli('keys', 'list').then((r) => (cliOutput += r.stdout + r.stderr));
    await cli('keys', 'revoke', id).then((r) => (cliOutput += r.stdout + r.stderr));
    await cli('keys', 'revoke', 'no-such-key-id').catch((e: { stdout: string; stderr: string }) => (cliOutput += e.stdout + e.stderr));

    server = await startServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'debug', RATE_LIMITS: '5/m', AUTH_FAILURE_LIMIT: '3/m', LOG_HMAC_SECRET: 'log-test-secret-0123456789' });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('logs route templates and account hashes, never what was sent', async () => {
    const o = server.origin;
    const json = { Authorization: `Bearer ${ABUSE_KEY}`, 'Content-Type': 'application/json' };
    const post = (body: string, headers: Record<string, string> = json, url = `${o}/enrich`) => fetch(url, { method: 'POST', headers, body }).then((r) => r.status);
    const statuses: number[] = [];
    // Every operation.
    statuses.push(await post(JSON.stringify({ email: sent.emails[0], enrich: ['first_name'] }), { ...json, 'X-Account-ID': sent.accounts[0]! }));
    statuses.push(await post(JSON.stringify({ domain: sent.domains[0], company_name: sent.companies[0] }), { ...json, 'X-Account-ID': sent.accounts[1]! }));
    statuses.push(await post(JSON.stringify({ email: sent.emails[3] }), { ...json, 'X-Account-ID': sent.accounts[1]! }));
    for (const target of ['/health', '/ready', '/metrics', '/openapi.yaml', '/docs', '/docs/assets/swagger-ui.css']) statuses.push((await fetch(o + target)).status);
    // Error paths: invalid body, unknown field, huge body, wrong type, 404 with personal data in the path, 429 for an account.
    statuses.push(await post(JSON.stringify({ email: `${sent.emails[2]}@@`, domain: sent.domains[1] })));
    statuses.push(await post(JSON.stringify({ company_name: sent.companies[1], surprise: sent.emails[2] })));
    statuses.push(await post(JSON.stringify({ email: sent.emails[2], pad: 'x'.repeat(40_000) })));
    statuses.push(await post(`<email>${sent.emails[2]}</email>`, { ...json, 'Content-Type': 'application/xml' }));
    statuses.push((await fetch(`${o}/users/${sent.emails[1]}?domain=${sent.domains[2]}`)).status);
    for (let i = 0; i < 5; i += 1) statuses.push(await post(JSON.stringify({ email: sent.emails[1] }), { ...json, 'X-Account-ID': sent.accounts[0]! }));
    // Authentication: a wrong key, a revoked (rotated away) one, a key in the query string, then lockout.
    statuses.push(await post(JSON.stringify({ email: sent.emails[0] }), { ...json, Authorization: `Bearer ${sent.keys[1]}` }));
    statuses.push(await post(JSON.stringify({ email: sent.emails[0] }), { ...json, Authorization: `Bearer ${sent.keys[3]}` }));
    statuses.push(await post(JSON.stringify({ email: sent.emails[0] }), { 'Content-Type': 'application/json' }, `${o}/enrich?api_key=${sent.keys[2]}`));
    statuses.push(await post(JSON.stringify({ email: sent.emails[0] }), { ...json, Authorization: `Bearer ${sent.keys[1]}` }));
    expect([...new Set(statuses)].sort()).toEqual([200, 400, 401, 403, 404, 413, 415, 429]);

    await new Promise((resolve) => setTimeout(resolve, 200)); // the last lines reach the pipe
    const logs = server.output() + cliOutput;
    const leaks = [...sent.emails, ...sent.domains, ...sent.companies, ...sent.accounts, ...sent.keys].filter((value) => logs.toLowerCase().includes(value.toLowerCase()));
    expect(leaks).toEqual([]);
    // What is there instead: route templates, and one stable hash per account.
    const lines = server.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line['message'] === 'request');
    expect(requests.some((line) => line['route'] === '/enrich')).toBe(true);
    expect(requests.find((line) => line['status'] === 404)).toMatchObject({ route: null });
    const refs = new Set(requests.filter((line) => typeof line['account'] === 'string' && line['account'] !== 'default').map((line) => line['account']));
    expect(refs.size).toBeGreaterThanOrEqual(2);
    for (const ref of refs) expect(ref).toMatch(/^acct_[A-Za-z0-9_-]{16}$/);
  }, 60_000);
});

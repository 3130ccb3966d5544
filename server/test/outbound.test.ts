import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ipaddr from 'ipaddr.js';
import { createOutbound, isPublicAddress, OutboundRefused } from '../src/outbound/guard';
import { SPECIAL_PURPOSE_RANGES } from '../src/outbound/specialPurpose';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loopbackSite, type LoopbackSite } from './fixtures';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '255.255.255.255',
    '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '2002:7f00:1::', 'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('the outbound guard (test allowance off)', () => {
  const signal = () => AbortSignal.timeout(2000);
  let server: Server;
  let origin: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      if (req.url === '/to-loopback') return res.writeHead(302, { Location: `${origin}/secret` }).end();
      if (req.url === '/to-metadata') return res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url?.startsWith('/loop')) return res.writeHead(302, { Location: `/loop${Number(req.url.slice(5) || 0) + 1}` }).end();
      if (req.url === '/big') return res.end('x'.repeat(3 * 1024 * 1024));
      res.end('<html>secret</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const guard = createOutbound();
  afterAll(() => guard.close());

  it.each(['http://127.0.0.1/', 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/'])(
    'refuses %s before connecting',
    async (url) => {
      await expect(guard.fetch(url, { signal: signal() })).rejects.toBeInstanceOf(OutboundRefused);
    },
  );

  it('refuses the loopback server itself, whatever its port', async () => {
    const before = hits;
    await expect(guard.fetch(`${origin}/`, { signal: signal() })).rejects.toBeInstanceOf(OutboundRefused);
    expect(hits).toBe(before);
  });

  it.each(['ftp://example.com/', 'file:///etc/passwd', 'http://example.com:8080/', 'http://user:pw@example.com/'])('refuses %s', async (url) => {
    await expect(guard.fetch(url, { signal: signal() })).rejects.toBeInstanceOf(OutboundRefused);
  });

  it.each([
    ['loopback', '127.0.0.1'],
    ['a private address', '10.1.2.3'],
    ['the metadata address', '169.254.169.254'],
    ['IPv6 loopback', '::1'],
  ])('refuses a host name that resolves to %s', async (_name, address) => {
    const resolving = createOutbound({ resolve: async () => [{ address, family: address.includes(':') ? 6 : 4 }] });
    await expect(resolving.fetch('http://innocent-looking.example.com/', { signal: signal() })).rejects.toThrow(/non-public address/);
    await resolving.close();
  });

  it('refuses a host name when any of its addresses is not public (no picking the good one)', async () => {
    const mixed = createOutbound({ resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }] });
    await expect(mixed.fetch('http://mixed.example.com/', { signal: signal() })).rejects.toThrow(/non-public address/);
    await mixed.close();
  });

  describe('with a named test target (the only way to reach loopback)', () => {
    const targeted = () => createOutbound({ testTargets: new Map([['fixture-company.com', origin]]) });

    it('reaches the named host and nothing else', async () => {
      const outbound = targeted();
      expect((await outbound.fetch('https://fixture-company.com/', { signal: signal() })).body).toBe('<html>secret</html>');
      await expect(outbound.fetch(`${origin}/`, { signal: signal() })).rejects.toBeInstanceOf(OutboundRefused);
      await outbound.close();
    });

    it('re-checks every redirect: one to loopback or to the metadata address is refused', async () => {
      const outbound = targeted();
      await expect(outbound.fetch('https://fixture-company.com/to-loopback', { signal: signal() })).rejects.toBeInstanceOf(OutboundRefused);
      await expect(outbound.fetch('https://fixture-company.com/to-metadata', { signal: signal() })).rejects.toBeInstanceOf(OutboundRefused);
      await outbound.close();
    });

    it('follows at most 3 redirects', async () => {
      const outbound = targeted();
      await expect(outbound.fetch('https://fixture-company.com/loop', { signal: signal() })).rejects.toThrow(/more than 3 redirects/);
      await outbound.close();
    });

    it('reads at most 1 MiB of a body', async () => {
      const outbound = targeted();
      const page = await outbound.fetch('https://fixture-company.com/big', { signal: signal() });
      expect(page.body.length).toBe(1024 * 1024);
      await outbound.close();
    });
  });
});

describe('isPublicAddress over the IANA special-purpose registries', () => {
  /** The first, a middle and the last address of a range. */
  const samples = (cidr: string): string[] => {
    const [base, bits] = ipaddr.parseCIDR(cidr);
    const bytes = base.toByteArray();
    const hostBits = bytes.length * 8 - bits;
    const withHost = (fill: 'first' | 'middle' | 'last') => {
      const out = [...bytes];
      for (let bit = 0; bit < hostBits; bit += 1) {
        const index = out.length - 1 - Math.floor(bit / 8);
        const on = fill === 'last' || (fill === 'middle' && bit === hostBits - 1);
        if (on) out[index]! |= 1 << bit % 8;
      }
      return ipaddr.fromByteArray(out).toString();
    };
    return [...new Set([withHost('first'), withHost('middle'), withHost('last')])];
  };
  it.each(SPECIAL_PURPOSE_RANGES.flatMap(([cidr, name]) => samples(cidr).map((address) => [address, cidr, name])))('refuses %s (%s, %s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(['::7f00:1', '::8.8.8.8', '::127.0.0.1', '::ffff:0:7f00:1', '64:ff9b::808:808'])('refuses the IPv4-embedding form %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(['1.1.1.1', '8.8.4.4', '2a00:1450:4001:80b::200e', '2001:4860:4860::8888'])('accepts the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('credentials on redirects (test targets on loopback)', () => {
  let api: LoopbackSite;
  let elsewhere: LoopbackSite;
  const seen: Array<{ host: string; url: string; method: string; headers: Record<string, unknown> }> = [];
  const record = (host: string) => (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ host, url: req.url ?? '', method: req.method ?? '', headers: { ...req.headers } });
    if (req.url === '/same') return void res.writeHead(302, { Location: '/landed' }).end();
    if (req.url === '/away') return void res.writeHead(302, { Location: 'https://elsewhere.example-site.com/landed' }).end();
    if (req.url === '/see-other') return void res.writeHead(303, { Location: 'https://elsewhere.example-site.com/landed' }).end();
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
  };
  let outbound: ReturnType<typeof createOutbound>;
  beforeAll(async () => {
    api = await loopbackSite(record('api'));
    elsewhere = await loopbackSite(record('elsewhere'));
    outbound = createOutbound({
      testTargets: new Map([['api.example-site.com', api.origin], ['elsewhere.example-site.com', elsewhere.origin]]),
      secretHeaders: ['X-Tenant-Secret'],
    });
  });
  afterAll(async () => {
    await Promise.all([api.close(), elsewhere.close(), outbound.close()]);
  });
  beforeEach(() => (seen.length = 0));
  const credentials = { Authorization: 'Bearer secret-1', 'X-Api-Key': 'secret-2', Cookie: 'session=secret-3', 'X-Tenant-Secret': 'secret-4', Accept: 'text/plain' };

  it('keeps them on a redirect within the origin', async () => {
    await outbound.fetch('https://api.example-site.com/same', { headers: credentials, signal: AbortSignal.timeout(5000) });
    expect(seen.map((s) => [s.host, s.url])).toEqual([['api', '/same'], ['api', '/landed']]);
    expect(seen[1]!.headers).toMatchObject({ authorization: 'Bearer secret-1', 'x-api-key': 'secret-2', cookie: 'session=secret-3', 'x-tenant-secret': 'secret-4' });
  });

  it('drops Authorization, X-Api-Key, Cookie and configured secret headers on a redirect to another origin', async () => {
    const page = await outbound.fetch('https://api.example-site.com/away', { headers: credentials, signal: AbortSignal.timeout(5000) });
    expect(page.url).toBe('https://elsewhere.example-site.com/landed');
    const landed = seen.find((s) => s.host === 'elsewhere')!;
    for (const name of ['authorization', 'x-api-key', 'cookie', 'x-tenant-secret']) expect(landed.headers).not.toHaveProperty(name);
    expect(landed.headers).toMatchObject({ accept: 'text/plain' });
  });

  it('turns a POST into a GET without its body after a 303', async () => {
    await outbound.fetch('https://api.example-site.com/see-other', { method: 'POST', body: '{"secret":1}', headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(5000) });
    expect(seen.find((s) => s.host === 'elsewhere')).toMatchObject({ method: 'GET' });
  });

  it('refuses a cross-origin redirect outright when asked to (the provider adapter)', async () => {
    await expect(
      outbound.fetch('https://api.example-site.com/away', { headers: credentials, crossOriginRedirects: 'refuse', signal: AbortSignal.timeout(5000) }),
    ).rejects.toThrow(/redirect to another origin/);
    expect(seen.map((s) => s.host)).toEqual(['api']);
  });
});

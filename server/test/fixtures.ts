import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';
import { freePort } from '../../mocks/prism';

export interface LoopbackSite {
  readonly origin: string;
  readonly hits: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 standing in for sites and APIs on the internet. */
export async function loopbackSite(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<LoopbackSite> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.headers.host ?? ''}${req.url ?? ''}`);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const COMPANY_HOME = `<!doctype html>
<html><head>
<title>Fixture Robotics — home</title>
<meta property="og:site_name" content="Fixture Robotics">
<meta name="generator" content="WordPress 6.4.2">
<script src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
<script src="https://js.hs-scripts.com/1234.js"></script>
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Fixture"},{"@type":"Corporation","name":"Fixture Robotics GmbH",
 "address":{"@type":"PostalAddress","addressLocality":"Munich","addressRegion":"Bavaria","addressCountry":"DE","postalCode":"80331"},
 "telephone":"+49 89 555 0100","numberOfEmployees":{"@type":"QuantitativeValue","value":340},
 "sameAs":["https://twitter.com/fixture","https://www.linkedin.com/company/fixture-robotics"]}]}
</script>
</head><body><h1>Fixture Robotics</h1></body></html>`;

/** A DNS server on 127.0.0.1 answering MX and TXT from `zone` (name -> records). */
export async function loopbackDns(zone: Record<string, { mx?: string[]; txt?: string[] }>): Promise<{ server: string; close(): Promise<void> }> {
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    handle: (request: { questions: Array<{ name: string; type: number }> }, send: (response: unknown) => void) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const records = question ? zone[question.name.toLowerCase()] : undefined;
      if (question && records) {
        if (question.type === Packet.TYPE.MX) {
          (records.mx ?? []).forEach((exchange, i) => response.answers.push({ name: question.name, type: Packet.TYPE.MX, class: Packet.CLASS.IN, ttl: 60, exchange, priority: (i + 1) * 10 }));
        }
        if (question.type === Packet.TYPE.TXT) {
          for (const data of records.txt ?? []) response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data });
        }
      }
      send(response);
    },
  });
  const port = await freePort();
  await server.listen({ udp: { port, address: '127.0.0.1', type: 'udp4' } });
  return { server: `127.0.0.1:${port}`, close: () => server.close() };
}

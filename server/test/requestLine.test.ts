import { PassThrough } from 'node:stream';
import { createLogger } from '../src/observability/logger';

/** A logger writing into a stream whose lines are read back as objects. */
function capturing(level: string, silent = false) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const logger = createLogger({ level, stream, silent });
  const lines = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { logger, lines };
}

const FIELDS = { request_id: 'r-1', method: 'POST', route: '/enrich', operation: 'enrich', status: 200, latency_ms: 1.3, tenant: 'acme', account: 'a1b2', match: 'matched', cached: true, sources: ['store'], limit_remaining: 99, missing: undefined };

describe('the access log line (logger.requestLine)', () => {
  it('is the same JSON object as logger.info would write for the request', async () => {
    const { logger, lines } = capturing('info');
    logger.info('request', FIELDS);
    logger.requestLine(FIELDS);
    const [viaWinston, direct] = await lines();
    const { timestamp: winstonTime, ...expected } = viaWinston!;
    const { timestamp, ...got } = direct!;
    expect(got).toEqual(expected);
    expect(got).toMatchObject({ level: 'info', message: 'request', service: 'enrich', status: 200, sources: ['store'] });
    expect(got).not.toHaveProperty('missing');
    expect(Date.parse(String(timestamp))).not.toBeNaN();
    expect(typeof winstonTime).toBe('string');
  });

  it('redacts a personal or secret field as every other line does', async () => {
    const { logger, lines } = capturing('info');
    logger.requestLine({ ...FIELDS, email: 'jane.doe@acme.io', authorization: 'Bearer enr_live_secret' });
    const [line] = await lines();
    expect(line).toMatchObject({ email: '[redacted]', authorization: '[redacted]' });
    expect(JSON.stringify(line)).not.toContain('jane.doe');
    expect(JSON.stringify(line)).not.toContain('enr_live_secret');
  });

  it('is not written when the level is above info, or the logger is silent', async () => {
    const quiet = capturing('warn');
    quiet.logger.requestLine(FIELDS);
    quiet.logger.warn('kept');
    expect((await quiet.lines()).map((line) => line['message'])).toEqual(['kept']);
    const silent = capturing('info', true);
    silent.logger.requestLine(FIELDS);
    expect(await silent.lines()).toEqual([]);
  });
});

import { once } from 'node:events';
import { lineBuffer } from '../src/observability/lineBuffer';
import { createLogger } from '../src/observability/logger';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('lineBuffer', () => {
  it('writes the lines of one event-loop turn with one call, in order', async () => {
    const writes: string[] = [];
    const stream = lineBuffer({ write: (chunk) => writes.push(chunk) });
    stream.write('a\n');
    stream.write('b\n');
    stream.write(Buffer.from('c\n'));
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toEqual(['a\nb\nc\n']);
    stream.write('d\n');
    await turn();
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes what is pending when it is ended', async () => {
    const writes: string[] = [];
    const stream = lineBuffer({ write: (chunk) => writes.push(chunk) });
    stream.end('last\n');
    await once(stream, 'finish');
    expect(writes.join('')).toBe('last\n');
  });

  it('keeps one JSON line per log call through winston', async () => {
    const writes: string[] = [];
    const logger = createLogger({ level: 'info', stream: lineBuffer({ write: (chunk) => writes.push(chunk) }) });
    for (let i = 0; i < 3; i += 1) logger.info('request', { status: 200, i });
    await turn();
    await turn();
    const lines = writes.join('').trimEnd().split('\n').map((line) => JSON.parse(line) as { i: number; message: string });
    expect(lines.map((line) => [line.message, line.i])).toEqual([['request', 0], ['request', 1], ['request', 2]]);
  });
});

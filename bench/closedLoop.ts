// A closed-loop load driver whose connections are open before the clock starts. autocannon opens its
// connections as it starts sending, and a Node server accepts one connection per turn of its event
// loop (libuv 1.45 and later, Node 20): once the first few hundred connections keep the loop busy,
// each turn takes tens of milliseconds and the rest wait in the kernel's accept queue for seconds.
// Their first requests made the p99 of a 1000-connection run, whatever the path measured. Here every
// connection is opened and has one `GET /health` answered on it before the measured window (cheap,
// so the server is soon idle and accepts the rest at once); then each sends the measured request and
// its next as soon as the last is answered, as autocannon does.
import net from 'node:net';
import type { Row } from './harness';

export interface ClosedLoopOptions {
  connections: number;
  seconds: number;
  method: 'GET' | 'POST';
  body: string | null;
  headers: Record<string, string>;
  /** A request not answered within this time counts as a timeout and its connection is replaced. */
  timeoutMs?: number;
  /** Text that marks an answer as not the one measured (e.g. a mock where the real path is measured): counted with the non-2xx. */
  wrong?: string | undefined;
}

/**
 * A run as a table row: answers in the window per second, their latencies; `errors` are connection
 * failures (refused, reset, an answer that is not HTTP/1.1 with a Content-Length); `timeouts` are
 * requests not answered within `timeoutMs` and connections with no answer in the whole window (their
 * caller waited all of it); `non2xx` are answers outside 2xx or with `wrong` in them.
 */
export type ClosedLoopResult = Omit<Row, 'target' | 'connections'>;

const HEADER_END = Buffer.from('\r\n\r\n');

/** The request's bytes, made once: a keep-alive HTTP/1.1 request with its body's length. */
function requestBytes(url: URL, options: ClosedLoopOptions): Buffer {
  const body = options.body === null ? Buffer.alloc(0) : Buffer.from(options.body);
  const headers = { host: url.host, ...options.headers, ...(options.body !== null && { 'content-length': String(body.length) }) };
  const head = `${options.method} ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Where an answer ends in `data` and its status, or null while it is incomplete; throws when it cannot be read. */
function answerIn(data: Buffer): { end: number; status: number } | null {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd === -1) return null;
  const head = data.toString('latin1', 0, headerEnd);
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (!head.startsWith('HTTP/1.1 ') || length === null) throw new Error('an answer without a Content-Length');
  const end = headerEnd + HEADER_END.length + Number(length[1]);
  return data.length < end ? null : { end, status: Number(head.slice(9, 12)) };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Loads `url` with `connections` connections for `seconds`, each opened (one `/health` answered on it) first. */
export async function closedLoop(url: string, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const target = new URL(url);
  const request = requestBytes(target, options);
  const health = requestBytes(new URL('/health', target), { ...options, method: 'GET', body: null, headers: {} });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const wrong = options.wrong === undefined ? null : Buffer.from(options.wrong);
  let latencies = new Float64Array(1 << 16);
  let answered = 0;
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  // The phase: 'open' until every connection has had one answer, 'measure' for the window, then 'done'.
  let phase: 'open' | 'measure' | 'done' = 'open';
  let windowEnd = Infinity;
  let opened = 0;
  let onAllOpen: () => void = () => undefined;
  const answeredInWindow = new Set<number>();
  const sockets = new Set<net.Socket>();
  const starts = new Map<number, { restart: () => unknown; isWaiting: () => boolean; sentAt: () => number; replace: () => void }>();

  const connect = (id: number, firstAnswer: boolean): void => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    sockets.add(socket);
    let pending: Buffer | null = null;
    let sentAt = 0;
    let waiting = false;
    let needsFirst = firstAnswer;
    const send = () => {
      sentAt = performance.now();
      waiting = true;
      socket.write(needsFirst ? health : request);
    };
    const replace = () => {
      socket.destroy();
      sockets.delete(socket);
      if (phase !== 'done') setImmediate(() => connect(id, needsFirst));
    };
    socket.on('data', (chunk: Buffer) => {
      pending = pending === null ? chunk : Buffer.concat([pending, chunk]);
      let answer;
      try {
        answer = answerIn(pending);
      } catch {
        errors += 1;
        return replace();
      }
      if (answer === null) return;
      const bytes: Buffer = pending;
      pending = answer.end === bytes.length ? null : bytes.subarray(answer.end);
      waiting = false;
      const now = performance.now();
      if (needsFirst) {
        needsFirst = false;
        opened += 1;
        if (opened === options.connections) onAllOpen();
        return; // it waits for the window to start
      }
      if (phase !== 'measure' || now > windowEnd) return;
      if (answer.status < 200 || answer.status > 299 || (wrong !== null && bytes.subarray(0, answer.end).includes(wrong))) non2xx += 1;
      if (answered === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[answered] = now - sentAt;
      answered += 1;
      answeredInWindow.add(id);
      send();
    });
    socket.on('error', () => {
      errors += 1;
    });
    socket.on('close', () => {
      if (sockets.has(socket)) replace();
    });
    socket.on('connect', send);
    // At the window's start every connection sends its next request (one still waiting, or still connecting, already has one out).
    starts.set(id, { restart: () => !waiting && !socket.connecting && send(), isWaiting: () => waiting, sentAt: () => sentAt, replace });
  };

  const allOpen = new Promise<void>((resolve) => (onAllOpen = resolve));
  for (let id = 0; id < options.connections; id += 1) connect(id, true);
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const connection of starts.values()) {
      if (connection.isWaiting() && now - connection.sentAt() > timeoutMs) {
        if (phase === 'measure') timeouts += 1;
        connection.replace();
      }
    }
  }, 250);
  try {
    const opening = await Promise.race([allOpen.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 60_000).unref())]);
    if (!opening) throw new Error(`${url}: ${opened} of ${options.connections} connections answered within 60 s`);
    phase = 'measure';
    const started = performance.now();
    windowEnd = started + options.seconds * 1000;
    for (const connection of starts.values()) connection.restart();
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  } finally {
    phase = 'done';
    clearInterval(watchdog);
    for (const socket of sockets) socket.destroy();
  }
  const sorted = latencies.subarray(0, answered).sort();
  return {
    rps: Math.round(answered / options.seconds),
    p50: Math.round(percentile(sorted, 50)),
    p90: Math.round(percentile(sorted, 90)),
    p99: Math.round(percentile(sorted, 99)),
    errors,
    timeouts: timeouts + (options.connections - answeredInWindow.size),
    non2xx,
  };
}

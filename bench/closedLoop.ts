// A closed-loop load driver whose connections are open before the clock starts. autocannon opens its
// connections as it starts sending, and a Node server accepts one connection per turn of its event
// loop (libuv 1.45 and later, Node 20): once the first few hundred connections keep the loop busy,
// each turn takes tens of milliseconds and the rest wait in the kernel's accept queue for seconds.
// Their first requests made the p99 of a 1000-connection run, whatever the path measured. Here every
// connection is opened and has one `GET /health` answered on it before the measured window (cheap,
// so the server is soon idle and accepts the rest at once); then each sends the measured request and
// its next as soon as the last is answered, as autocannon does. Requests sent in the window and
// answered after it still count (their latency is not dropped), as do those never answered (timeouts).
// Raw sockets and one request's bytes made once, as autocannon writes them, so the generator's own
// cost stays small beside the servers'; it reads what our servers send (HTTP/1.1 with a
// Content-Length) and counts anything else as an error.
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
 * A run as a table row: answers received in the window per second; the latencies of the requests sent
 * in it (answered in it or after); `timeouts` are those not answered within `timeoutMs`; `errors` are
 * the timeouts too (as autocannon counts them) and connection failures in the window (refused, reset,
 * dropped with a request out, an answer that is not HTTP/1.1 with a Content-Length); `non2xx` are
 * answers outside 2xx or with `wrong` in them.
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

/** Where an answer ends in `data`, its status and whether the server closes after it; null while it is incomplete; throws when it cannot be read. */
function answerIn(data: Buffer): { end: number; status: number; close: boolean } | null {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd === -1) return null;
  const head = data.toString('latin1', 0, headerEnd);
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (!head.startsWith('HTTP/1.1 ') || length === null) throw new Error('an answer without a Content-Length');
  const end = headerEnd + HEADER_END.length + Number(length[1]);
  return data.length < end ? null : { end, status: Number(head.slice(9, 12)), close: /\r\nconnection:[ \t]*close/i.test(head) };
}

/** The p-th percentile of latencies sorted ascending (the nearest rank); 0 when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** After a connection fails, the wait before its replacement (no reconnect storm against a refusing target). */
const RECONNECT_MS = 50;
/** How long the connections may take to open before the run gives up. */
const OPENING_MS = 60_000;

/** Loads `url` with `connections` connections for `seconds`, each opened (one `/health` answered on it) first. */
export async function closedLoop(url: string, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const target = new URL(url);
  if (target.protocol !== 'http:') throw new Error(`closedLoop: an http:// URL, got ${url}`);
  const port = Number(target.port || 80);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const request = requestBytes(target, options);
  const health = requestBytes(new URL('/health', target), { ...options, method: 'GET', body: null, headers: {} });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const wrong = options.wrong === undefined ? null : Buffer.from(options.wrong);
  const latencies: number[] = [];
  let answeredInWindow = 0;
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  // 'open' until every connection has had `/health` answered; 'measure' for the window; 'drain' while
  // the requests sent in the window are still out; then 'done'.
  let phase: 'open' | 'measure' | 'drain' | 'done' = 'open';
  let windowEnd = Infinity;
  const opened = new Set<number>();
  let onAllOpen: () => void = () => undefined;
  let onDrained: () => void = () => undefined;
  let unreadable: string | undefined;
  const live = new Map<number, { start(): void; outSince(): number | null; timeOut(): void }>();
  const drainedNow = () => {
    if (phase === 'drain' && [...live.values()].every((connection) => connection.outSince() === null)) onDrained();
  };

  const connect = (id: number): void => {
    const socket = net.connect(port, host);
    socket.setNoDelay(true);
    let pending: Buffer | null = null;
    // The request out on this connection: when it was sent (null: none), and whether it is the opening `/health`.
    let sentAt: number | null = null;
    let sentHealth = false;
    let errored = false;
    let gone = false;
    const send = () => {
      if (phase !== 'open' && phase !== 'measure') return;
      sentHealth = phase === 'open';
      sentAt = performance.now();
      socket.write(sentHealth ? health : request);
    };
    /** Drops this connection for a new one while the run goes on (after `delayMs`). */
    const replace = (delayMs: number) => {
      gone = true;
      sentAt = null;
      socket.destroy();
      if (live.get(id)?.outSince === outSince) live.delete(id);
      if (phase === 'open' || phase === 'measure') setTimeout(() => (phase === 'open' || phase === 'measure') && connect(id), delayMs);
      drainedNow();
    };
    /** The connection failed: a measured request out on it is lost (an error, or a timeout), as is a connection failing in the window. */
    const fail = (kind: 'error' | 'timeout') => {
      if (gone) return;
      const measuredOut = sentAt !== null && !sentHealth && sentAt <= windowEnd;
      if (kind === 'timeout' && measuredOut) timeouts += 1;
      else if (kind === 'error' && (measuredOut || (errored && phase === 'measure'))) errors += 1;
      replace(RECONNECT_MS);
    };
    const outSince = () => (gone ? null : sentAt);
    socket.on('data', (chunk: Buffer) => {
      pending = pending === null ? chunk : Buffer.concat([pending, chunk]);
      let answer;
      try {
        answer = answerIn(pending);
      } catch (error) {
        errored = true;
        unreadable = (error as Error).message;
        return fail('error');
      }
      if (answer === null) return;
      if (sentAt === null) {
        // Bytes with no request out: not an answer to anything sent.
        errored = true;
        unreadable = 'an answer to no request';
        return fail('error');
      }
      const bytes: Buffer = pending;
      pending = answer.end === bytes.length ? null : bytes.subarray(answer.end);
      const now = performance.now();
      const sent = sentAt;
      sentAt = null;
      if (sentHealth) {
        opened.add(id);
        if (opened.size === options.connections) onAllOpen();
      } else if (sent <= windowEnd) {
        latencies.push(now - sent);
        if (now <= windowEnd) answeredInWindow += 1;
        if (answer.status < 200 || answer.status > 299 || (wrong !== null && bytes.subarray(0, answer.end).includes(wrong))) non2xx += 1;
      }
      if (answer.close) return replace(0);
      // Closed loop: the next request as soon as this one is answered. While the connections open, an
      // answered `/health` waits for the window; one answered after the window began (a connection
      // replaced while opening) is followed by the measured request at once.
      if (phase !== 'open') send();
      drainedNow();
    });
    socket.on('error', () => (errored = true));
    socket.on('close', () => fail('error'));
    socket.on('connect', send);
    live.set(id, {
      // At the window's start: a connection with nothing out sends its first measured request (a connecting one sends it on connect).
      start: () => !gone && !socket.connecting && sentAt === null && send(),
      outSince,
      timeOut: () => fail('timeout'),
    });
  };

  const allOpen = new Promise<void>((resolve) => (onAllOpen = resolve));
  const allDrained = new Promise<void>((resolve) => (onDrained = resolve));
  for (let id = 0; id < options.connections; id += 1) connect(id);
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const connection of [...live.values()]) {
      const since = connection.outSince();
      if (since !== null && now - since > timeoutMs) connection.timeOut();
    }
  }, 250);
  let opening: NodeJS.Timeout | undefined;
  try {
    const open = await Promise.race([allOpen.then(() => true), new Promise<false>((resolve) => (opening = setTimeout(() => resolve(false), OPENING_MS)))]);
    if (!open) throw new Error(`${url}: ${opened.size} of ${options.connections} connections had /health answered within ${OPENING_MS / 1000} s${unreadable === undefined ? '' : ` (${unreadable})`}`);
    phase = 'measure';
    windowEnd = performance.now() + options.seconds * 1000;
    for (const connection of live.values()) connection.start();
    await new Promise((resolve) => setTimeout(resolve, windowEnd - performance.now()));
    // The requests sent in the window are waited for (at most until the watchdog times them out).
    phase = 'drain';
    drainedNow();
    await allDrained;
  } finally {
    phase = 'done';
    clearTimeout(opening);
    clearInterval(watchdog);
    for (const connection of live.values()) connection.timeOut();
  }
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: Math.round(answeredInWindow / options.seconds),
    p50: Math.round(percentile(sorted, 50)),
    p90: Math.round(percentile(sorted, 90)),
    p99: Math.round(percentile(sorted, 99)),
    // As autocannon's: a timeout is an error too.
    errors: errors + timeouts,
    timeouts,
    non2xx,
  };
}

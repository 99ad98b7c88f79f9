import { STATUS_CODES, createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CONTROL_PATHS,
  InvalidBehaviourError,
  normalisePathPrefix,
  pathMatches,
  resolveBehaviour,
  type Behaviour,
  type ResolvedBehaviour,
} from './behaviour';

/** One request as the receiver saw it. */
export interface RecordedRequest {
  method: string;
  /** The request target as sent: path and query string. */
  path: string;
  /** Lower-cased header names, as Node parses them. */
  headers: IncomingHttpHeaders;
  /** The body decoded as UTF-8. */
  body: string;
  /** When the request line arrived (ms since the epoch). */
  receivedAt: number;
}

/** Counters since the last reset; also served as JSON by `GET /_stats`. */
export interface ReceiverStats {
  /** Requests received in full (answered or not). */
  count: number;
  /** Answers sent, by status code. */
  statuses: Record<string, number>;
  /** Requests received and not yet answered (latency, hang). */
  pending: number;
  firstReceivedAt: number | null;
  lastReceivedAt: number | null;
}

export interface ReceiverOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Behaviour for every path without one of its own. */
  behaviour?: Behaviour;
  /** Behaviours by path prefix (whole segments; the longest prefix wins), e.g. `{ '/hang': { hang: true } }`. */
  paths?: Record<string, Behaviour>;
}

/** A running loopback HTTP receiver. */
export interface Receiver {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Requests recorded since the last reset (none while `recordBodies` is false). */
  readonly requests: readonly RecordedRequest[];
  stats(): ReceiverStats;
  /**
   * Resolves with the recorded requests once `count` requests have arrived since the last reset;
   * rejects after `timeoutMs` (default 5,000) with a message saying what did arrive.
   */
  waitFor(count: number, timeoutMs?: number): Promise<readonly RecordedRequest[]>;
  /**
   * Replaces the behaviour for every path (no prefix) or for one path prefix. Its `failFirst`
   * counter starts again from zero. Throws `InvalidBehaviourError` for an invalid behaviour.
   */
  setBehaviour(behaviour: Behaviour, pathPrefix?: string): void;
  /** Forgets recorded requests and counters and restores the behaviours given at start. */
  reset(): void;
  /** Stops listening and drops every open connection, hanging ones included. */
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** Generated body length (instead of `body`) when over 0. */
  bodyBytes: number;
  /** Write the raw answer one byte per this many ms when over 0. */
  dribbleMs: number;
}

interface Route {
  prefix: string;
  behaviour: ResolvedBehaviour;
  /** Requests matched since this behaviour was set, for `failFirst`. */
  seen: number;
  success: Answer;
  failure: Answer;
}

interface Waiter {
  count: number;
  resolve: (requests: readonly RecordedRequest[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const CONTROL_BODY_LIMIT = 64 * 1024;
const DEFAULT_WAIT_MS = 5_000;
const DEFAULT_REQUESTS_LIMIT = 100;

/** Starts a receiver on loopback; resolves once it is listening. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const host = options.host ?? '127.0.0.1';
  const initialDefault = resolveBehaviour(options.behaviour);
  const initialPaths = Object.entries(options.paths ?? {}).map(
    ([prefix, behaviour]) => [normalisePathPrefix(prefix), resolveBehaviour(behaviour)] as const,
  );

  let defaultRoute = makeRoute('/', initialDefault);
  let routes: Route[] = [];
  let requests: RecordedRequest[] = [];
  let count = 0;
  let pending = 0;
  let statuses = new Map<number, number>();
  let firstReceivedAt: number | null = null;
  let lastReceivedAt: number | null = null;
  // Answers to requests received before a reset are not counted after it.
  let generation = 0;
  const waiters = new Set<Waiter>();
  const timers = new Set<NodeJS.Timeout>();

  function restoreInitialRoutes(): void {
    defaultRoute = makeRoute('/', initialDefault);
    routes = sortRoutes(initialPaths.map(([prefix, behaviour]) => makeRoute(prefix, behaviour)));
  }
  restoreInitialRoutes();

  function routeFor(pathname: string): Route {
    for (const route of routes) if (pathMatches(route.prefix, pathname)) return route;
    return defaultRoute;
  }

  function arrived(record: RecordedRequest | undefined, receivedAt: number): void {
    count += 1;
    if (record) requests.push(record);
    if (firstReceivedAt === null) firstReceivedAt = receivedAt;
    lastReceivedAt = receivedAt;
    if (waiters.size > 0) {
      for (const waiter of waiters) {
        if (count >= waiter.count) {
          waiters.delete(waiter);
          clearTimeout(waiter.timer);
          waiter.resolve(requests.slice());
        }
      }
    }
  }

  function send(res: ServerResponse, answer: Answer, requestGeneration: number): void {
    if (requestGeneration === generation) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    pending -= 1;
    if (answer.dribbleMs > 0) {
      dribble(res, answer);
      return;
    }
    res.writeHead(answer.status, answer.headers);
    if (answer.bodyBytes > 0) streamBody(res, answer.bodyBytes);
    else res.end(answer.body);
  }

  /** Writes the raw answer one byte at a time, then closes the connection. */
  function dribble(res: ServerResponse, answer: Answer): void {
    const socket = res.socket;
    if (!socket) return;
    const bytes = rawAnswer(answer);
    let at = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || at >= bytes.length) {
        clearInterval(timer);
        timers.delete(timer);
        if (!socket.destroyed) socket.end();
        return;
      }
      socket.write(bytes.subarray(at, at + 1));
      at += 1;
    }, answer.dribbleMs);
    timers.add(timer);
  }

  /** Hostile answers that are not HTTP: a TCP reset, or raw garbage followed by a close. */
  function misbehave(res: ServerResponse, behaviour: ResolvedBehaviour): void {
    pending -= 1;
    const socket = res.socket;
    if (!socket || socket.destroyed) return;
    if (behaviour.reset) socket.resetAndDestroy();
    else socket.end(behaviour.garbage ?? '', () => socket.destroy());
  }

  function answer(res: ServerResponse, route: Route, requestGeneration: number): void {
    const { behaviour } = route;
    if (behaviour.hang) {
      res.once('close', () => (pending -= 1));
      return;
    }
    let deliver: () => void;
    if (behaviour.reset || behaviour.garbage !== undefined) {
      deliver = () => misbehave(res, behaviour);
    } else {
      route.seen += 1;
      const failed = route.seen <= behaviour.failFirst || (behaviour.errorRate > 0 && Math.random() < behaviour.errorRate);
      const chosen = failed ? route.failure : route.success;
      deliver = () => send(res, chosen, requestGeneration);
    }
    if (behaviour.latencyMs === 0) {
      deliver();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (res.destroyed) return;
      res.removeListener('close', onClose);
      deliver();
    }, behaviour.latencyMs);
    const onClose = (): void => {
      // The client gave up before the answer was due.
      clearTimeout(timer);
      timers.delete(timer);
      pending -= 1;
    };
    res.once('close', onClose);
    timers.add(timer);
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
    if (pathname.charCodeAt(1) === 95 /* _ */ && (CONTROL_PATHS as readonly string[]).includes(pathname)) {
      void handleControl(req, res, pathname, new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1)));
      return;
    }
    const receivedAt = Date.now();
    const route = routeFor(pathname);
    const requestGeneration = generation;
    if (!route.behaviour.recordBodies) {
      req.on('end', () => {
        pending += 1;
        if (requestGeneration === generation) arrived(undefined, receivedAt);
        answer(res, route, requestGeneration);
      });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      pending += 1;
      if (requestGeneration === generation) {
        const body = chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8');
        arrived({ method: req.method ?? 'GET', path: target, headers: req.headers, body, receivedAt }, receivedAt);
      }
      answer(res, route, requestGeneration);
    });
  }

  function applyBehaviour(resolved: ResolvedBehaviour, pathPrefix?: string): void {
    if (pathPrefix === undefined || pathPrefix === '/') {
      defaultRoute = makeRoute('/', resolved);
      return;
    }
    const prefix = normalisePathPrefix(pathPrefix);
    routes = sortRoutes([...routes.filter((route) => route.prefix !== prefix), makeRoute(prefix, resolved)]);
  }

  function stats(): ReceiverStats {
    return { count, statuses: Object.fromEntries(statuses), pending, firstReceivedAt, lastReceivedAt };
  }

  function reset(): void {
    generation += 1;
    requests = [];
    count = 0;
    statuses = new Map();
    firstReceivedAt = null;
    lastReceivedAt = null;
    restoreInitialRoutes();
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams): Promise<void> {
    const expected = pathname === '/_stats' || pathname === '/_requests' ? 'GET' : 'POST';
    if (req.method !== expected) {
      req.resume();
      sendJson(res, 405, { error: `${pathname} takes ${expected}.` }, { allow: expected });
      return;
    }
    try {
      const text = await readBody(req, CONTROL_BODY_LIMIT);
      if (pathname === '/_stats') {
        sendJson(res, 200, stats());
      } else if (pathname === '/_requests') {
        const limit = Number(query.get('limit') ?? DEFAULT_REQUESTS_LIMIT);
        if (!Number.isInteger(limit) || limit < 1) throw new ControlRequestError(400, `limit must be a positive integer: got "${query.get('limit')}".`);
        sendJson(res, 200, { count, requests: requests.slice(-limit) });
      } else if (pathname === '/_reset') {
        reset();
        sendJson(res, 200, { ok: true });
      } else {
        const path = query.get('path') ?? '/';
        const behaviour = resolveBehaviour(text.trim() === '' ? {} : JSON.parse(text));
        applyBehaviour(behaviour, path);
        sendJson(res, 200, { ok: true, path, behaviour });
      }
    } catch (error) {
      sendJson(res, controlErrorStatus(error), { error: errorMessage(error) });
    }
  }

  const server = createServer({ noDelay: true }, onRequest);
  // Longer than the clients' idle timeout (undici: 4 s) so the receiver never closes a
  // keep-alive connection just as a client reuses it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    get requests() {
      return requests;
    },
    stats,
    setBehaviour(behaviour: Behaviour, pathPrefix?: string) {
      applyBehaviour(resolveBehaviour(behaviour), pathPrefix);
    },
    reset,
    waitFor(wanted: number, timeoutMs = DEFAULT_WAIT_MS) {
      if (count >= wanted) return Promise.resolve(requests.slice());
      return new Promise<readonly RecordedRequest[]>((resolve, reject) => {
        const waiter: Waiter = {
          count: wanted,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`Receiver ${url}: waited ${timeoutMs} ms for ${wanted} request(s), got ${count}${describeRecent(requests)}.`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    async close() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`Receiver ${url} closed while waiting for ${waiter.count} request(s), got ${count}.`));
      }
      waiters.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeAllConnections();
      await closed;
    },
  };
}

function makeRoute(prefix: string, behaviour: ResolvedBehaviour): Route {
  return {
    prefix,
    behaviour,
    seen: 0,
    success: makeAnswer(behaviour.status, behaviour),
    failure: makeAnswer(behaviour.failStatus, behaviour),
  };
}

function makeAnswer(status: number, behaviour: ResolvedBehaviour): Answer {
  const headers: OutgoingHttpHeaders = {};
  const noBody = status === 204 || status === 304;
  const body = noBody || behaviour.bodyBytes > 0 ? Buffer.alloc(0) : Buffer.from(behaviour.body, 'utf8');
  const length = behaviour.bodyBytes > 0 ? behaviour.bodyBytes : body.length;
  if (!noBody) {
    headers['content-length'] = length;
    if (behaviour.bodyBytes > 0) headers['content-type'] = 'text/plain; charset=utf-8';
    else if (body.length > 0) headers['content-type'] = /^\s*[[{]/.test(behaviour.body) ? 'application/json' : 'text/plain; charset=utf-8';
  }
  if (behaviour.retryAfter !== undefined && (status < 200 || status > 299)) headers['retry-after'] = behaviour.retryAfter;
  if (behaviour.location !== undefined) headers.location = behaviour.location;
  if (behaviour.headerBytes > 0) headers['x-filler'] = 'x'.repeat(behaviour.headerBytes);
  return { status, headers, body, bodyBytes: noBody ? 0 : behaviour.bodyBytes, dribbleMs: behaviour.dribbleMs };
}

const FILLER_CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Streams `total` filler bytes, respecting backpressure, until done or the client goes away. */
function streamBody(res: ServerResponse, total: number): void {
  let left = total;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const chunk = left >= FILLER_CHUNK.length ? FILLER_CHUNK : FILLER_CHUNK.subarray(0, left);
      left -= chunk.length;
      if (left === 0) {
        res.end(chunk);
        return;
      }
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** The answer as bytes on the wire (HTTP/1.1, connection closed after it). */
function rawAnswer(answer: Answer): Buffer {
  const lines = [`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(answer.headers)) lines.push(`${name}: ${String(value)}`);
  lines.push('connection: close', '', '');
  const body = answer.bodyBytes > 0 ? Buffer.alloc(answer.bodyBytes, 'x') : answer.body;
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
}

function sortRoutes(routes: Route[]): Route[] {
  return routes.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** A bad request to the control surface, with the HTTP status to answer. */
class ControlRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlRequestError';
  }
}

function controlErrorStatus(error: unknown): number {
  if (error instanceof ControlRequestError) return error.status;
  if (error instanceof InvalidBehaviourError || error instanceof SyntaxError) return 400;
  return 500;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ControlRequestError(413, `Control request body is larger than ${limit} bytes.`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown, extraHeaders: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extraHeaders });
  res.end(body);
}

function describeRecent(requests: readonly RecordedRequest[]): string {
  if (requests.length === 0) return '';
  const recent = requests.slice(-5).map((request) => `${request.method} ${request.path}`);
  return ` (${requests.length > 5 ? 'last 5: ' : ''}${recent.join(', ')})`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { IncomingHttpHeaders } from 'node:http';
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { ConduitError, type AttemptOutcome } from '@conduit/shared';
import { MAX_TIMEOUT_MS, parseRetryAfter } from '../retry/policy';
import { DnsCache, type HostResolver, type ResolvedAddress } from './dns-cache';
import { AttemptTimeoutError, TargetBlockedError, describeNetworkError } from './network-errors';
import { ResponseCollector } from './response-collector';
import { checkUrl, type TargetPolicy } from './ssrf';

/** Methods an action may use. CONNECT is not one: it opens a proxy tunnel, it is not an API call. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Response bodies are kept up to 64 kB (the delivery log's limit); the rest is not read. */
export const DEFAULT_MAX_RESPONSE_BYTES = 65_536;
/** Redirects followed at most, whatever a caller asks. */
export const MAX_REDIRECTS = 10;

/** Options of {@link HttpSender}. */
export interface HttpSenderOptions {
  /** Which private targets are allowed (see `TargetPolicy.parse`). */
  policy: TargetPolicy;
  /** User agent sent when a request sets none. */
  userAgent: string;
  /** Response body bytes kept; default 64 kB. */
  maxResponseBytes?: number;
  /** Connections kept per origin; default unlimited (callers limit requests in flight per endpoint). */
  connectionsPerOrigin?: number;
  /** How long a DNS resolution is reused; default 30 s, 0 to disable. */
  dnsCacheTtlMs?: number;
  /** Host name resolution; default the system resolver. Injectable for tests and custom DNS. */
  resolveHost?: HostResolver;
  /** Idle keep-alive time of connections; default 4 s (lowered further by the server's Keep-Alive hint). */
  keepAliveTimeoutMs?: number;
}

/** One outbound call. */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** Deadline for the whole exchange (connect, headers, body, redirects). */
  timeoutMs: number;
  /** Redirects to follow; default 0 (a 3xx is then the answer). Each hop is checked again. */
  maxRedirects?: number;
}

/** What happened on the wire, ready for the delivery log. */
export interface HttpExchange {
  outcome: AttemptOutcome;
  status?: number;
  /** Response headers, lower-case names, in order. */
  headers: [string, string][];
  /** Response body as text, at most `maxResponseBytes`; undefined when no response arrived. */
  body?: string;
  bodyTruncated: boolean;
  durationMs: number;
  /** Why the exchange failed, in words a person can act on. */
  error?: string;
  /** The wait the receiver asked for (Retry-After on a non-2xx answer), in ms. */
  retryAfterMs?: number;
  /** The URL of the last hop (differs from the request's after redirects). */
  finalUrl: string;
}

const MAX_TIMER_MS = 2_147_483_647; // setTimeout's limit
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

interface Deadline {
  expired: boolean;
  /** Set when close({ abortInFlight: true }) ended the exchange. */
  aborted: boolean;
  current: ResponseCollector | undefined;
}

/** Ends exchanges still in flight when the sender is closed with `abortInFlight`. */
export class SenderClosedError extends ConduitError {
  constructor() {
    super('INTERNAL', 'The HTTP client was closed (process stopping) while this request was in flight; no outcome was recorded.');
  }
}

/**
 * The one way Conduit calls the outside world (webhook deliveries, HTTP actions, tests). One
 * keep-alive connection pool for everything; every connection's DNS answer is checked against the
 * SSRF policy and the socket connects to exactly the checked address, so a host cannot switch to
 * a private address between check and connect. `send` never throws for network problems: it
 * returns an exchange with its outcome.
 */
export class HttpSender {
  private readonly agent: Agent;
  private readonly policy: TargetPolicy;
  private readonly dns: DnsCache;
  private readonly userAgent: string;
  private readonly maxResponseBytes: number;
  private inFlight = 0;
  private readonly active = new Set<Deadline>();
  private closed = false;
  private closing: Promise<void> | undefined;
  private onIdle: (() => void) | undefined;

  constructor(options: HttpSenderOptions) {
    this.policy = options.policy;
    this.userAgent = options.userAgent;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isInteger(this.maxResponseBytes) || this.maxResponseBytes < 0) {
      throw new ConduitError('INTERNAL', `maxResponseBytes must be a whole number of bytes, got ${String(options.maxResponseBytes)}.`);
    }
    this.dns = new DnsCache(options.resolveHost, options.dnsCacheTtlMs);
    // Our own deadline covers every phase; undici's timers are only a backstop.
    const backstopMs = MAX_TIMEOUT_MS + 5_000;
    this.agent = new Agent({
      connections: options.connectionsPerOrigin ?? null,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
      headersTimeout: backstopMs,
      bodyTimeout: backstopMs,
      connect: { lookup: this.lookup, timeout: backstopMs },
    });
  }

  /** Sends one request and reports what happened; rejects only on invalid arguments or after close(). */
  async send(request: HttpRequest): Promise<HttpExchange> {
    if (this.closed) throw new ConduitError('INTERNAL', 'HttpSender is closed.');
    const { timeoutMs } = request;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMER_MS) {
      throw new ConduitError('BAD_USER_INPUT', `timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}.`);
    }
    const started = performance.now();
    const deadline: Deadline = { expired: false, aborted: false, current: undefined };
    const timer = setTimeout(() => {
      deadline.expired = true;
      deadline.current?.stop(new AttemptTimeoutError(timeoutMs));
    }, timeoutMs);
    this.inFlight++;
    this.active.add(deadline);
    try {
      const exchange = await this.exchange(request, deadline, started);
      if (deadline.aborted) throw new SenderClosedError();
      return exchange;
    } finally {
      clearTimeout(timer);
      this.active.delete(deadline);
      if (--this.inFlight === 0) this.onIdle?.();
    }
  }

  /**
   * Refuses new sends, waits for sends in progress (each bounded by its timeout), then closes
   * every connection. With `abortInFlight`, sends in progress are ended at once instead and
   * reject with {@link SenderClosedError}: a stopping process whose drain time is over must not
   * wait for a receiver that takes 30 s.
   */
  close(options: { abortInFlight?: boolean } = {}): Promise<void> {
    this.closed = true;
    if (options.abortInFlight) {
      for (const deadline of this.active) {
        deadline.aborted = true;
        deadline.current?.stop(new SenderClosedError());
      }
    }
    this.closing ??= this.drainAndDestroy();
    return this.closing;
  }

  private async drainAndDestroy(): Promise<void> {
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
      });
    }
    // destroy, not close: requests that timed out while connecting may still sit in the pool.
    await this.agent.destroy();
    this.dns.clear();
  }

  private async exchange(request: HttpRequest, deadline: Deadline, started: number): Promise<HttpExchange> {
    if (!(HTTP_METHODS as readonly string[]).includes(request.method)) {
      const why = (request.method as string) === 'CONNECT' ? 'CONNECT opens a proxy tunnel, it is not an API call' : 'it is not an HTTP method Conduit sends';
      return failed('BLOCKED', `Method ${request.method} refused: ${why}.`, request.url, started);
    }
    const maxRedirects = Math.min(Math.max(0, request.maxRedirects ?? 0), MAX_REDIRECTS);
    let method: HttpMethod = request.method;
    let body = request.body;
    let headers = this.headerList(request.headers);
    let url: string | URL = request.url;
    for (let hop = 0; ; hop++) {
      const check = checkUrl(url, this.policy);
      if (!check.ok) return failed('BLOCKED', check.error, String(url), started);
      const target = check.url;
      const collector = new ResponseCollector(this.maxResponseBytes);
      deadline.current = collector;
      try {
        this.agent.dispatch({ origin: target.origin, path: target.pathname + target.search, method, headers, body }, collector);
      } catch (error) {
        collector.fail(error instanceof Error ? error : new Error(String(error)));
      }
      await collector.done;

      const status = collector.status;
      if (
        !deadline.expired &&
        !deadline.aborted &&
        collector.error === undefined &&
        status !== undefined &&
        REDIRECT_STATUSES.has(status) &&
        hop < maxRedirects
      ) {
        const location = firstHeader(collector.headers, 'location');
        if (location !== undefined) {
          let next: URL;
          try {
            next = new URL(location, target);
          } catch {
            return failed('INVALID_RESPONSE', `Redirect to an invalid URL: ${location.slice(0, 200)}`, target.href, started);
          }
          if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
            method = 'GET';
            body = undefined;
            headers = withoutHeaders(headers, BODY_HEADERS);
          }
          // Like browsers: credentials are for the origin they were configured for.
          if (next.origin !== target.origin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
          url = next;
          continue;
        }
      }
      return this.result(collector, deadline, target, started, hop === maxRedirects && maxRedirects > 0);
    }
  }

  private result(collector: ResponseCollector, deadline: Deadline, target: URL, started: number, redirectsExhausted: boolean): HttpExchange {
    const status = collector.status;
    const exchange: HttpExchange = {
      outcome: 'SUCCESS',
      status,
      headers: headerPairs(collector.headers),
      body: status === undefined ? undefined : collector.bodyText(),
      bodyTruncated: collector.truncated,
      durationMs: elapsed(started),
      finalUrl: target.href,
    };
    if (deadline.expired || collector.error !== undefined) {
      const failure = describeNetworkError(collector.error ?? new AttemptTimeoutError(0), target.host);
      exchange.outcome = deadline.expired ? 'TIMEOUT' : failure.outcome;
      exchange.error = failure.error;
      return exchange;
    }
    if (status === undefined) {
      exchange.outcome = 'INVALID_RESPONSE';
      exchange.error = `${target.host} closed the exchange without a response.`;
      return exchange;
    }
    if (status >= 200 && status <= 299) return exchange;
    exchange.outcome = 'HTTP_ERROR';
    const text = collector.statusText ? ` ${collector.statusText}` : '';
    exchange.error =
      REDIRECT_STATUSES.has(status) && !redirectsExhausted
        ? `HTTP ${status}${text}: redirects are not followed for this target.`
        : REDIRECT_STATUSES.has(status)
          ? `HTTP ${status}${text}: too many redirects.`
          : `HTTP ${status}${text}`;
    const retryAfterMs = parseRetryAfter(firstHeader(collector.headers, 'retry-after'));
    if (retryAfterMs !== undefined) exchange.retryAfterMs = retryAfterMs;
    return exchange;
  }

  private headerList(headers: Readonly<Record<string, string>> | undefined): string[] {
    const list: string[] = [];
    let hasUserAgent = false;
    if (headers) {
      for (const name in headers) {
        list.push(name, headers[name]);
        if (!hasUserAgent && name.length === 10 && name.toLowerCase() === 'user-agent') hasUserAgent = true;
      }
    }
    if (!hasUserAgent) list.push('user-agent', this.userAgent);
    return list;
  }

  /**
   * The connection's DNS lookup (net.connect / tls.connect call it for host names; literal IPs are
   * checked in send). Only addresses the policy allows are returned, so the socket can only
   * connect to a checked address.
   */
  private readonly lookup: LookupFunction = (hostname: string, options: LookupOptions, callback) => {
    this.dns.resolve(hostname).then(
      (addresses) => {
        const usable = this.usableAddresses(hostname, addresses, options.family);
        if (usable instanceof Error) callback(usable, '');
        else if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };

  private usableAddresses(hostname: string, addresses: readonly ResolvedAddress[], family: LookupOptions['family']): LookupAddress[] | Error {
    const wanted = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0;
    const candidates = wanted === 0 ? addresses : addresses.filter((a) => a.family === wanted);
    if (candidates.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${wanted} address`);
      error.code = 'ENOTFOUND';
      return error;
    }
    if (this.policy.allowsHost(hostname)) return candidates.map(({ address, family: f }) => ({ address, family: f }));
    const usable: LookupAddress[] = [];
    let firstRefusal: string | undefined;
    for (const { address, family: f } of candidates) {
      const refusal = this.policy.refusal(address, hostname);
      if (refusal === undefined) usable.push({ address, family: f });
      else firstRefusal ??= refusal;
    }
    return usable.length > 0 ? usable : new TargetBlockedError(firstRefusal ?? `Blocked: ${hostname}.`);
  }
}

function failed(outcome: AttemptOutcome, error: string, finalUrl: string, started: number): HttpExchange {
  return { outcome, headers: [], bodyTruncated: false, durationMs: elapsed(started), error, finalUrl };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function firstHeader(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

function headerPairs(headers: IncomingHttpHeaders | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  if (!headers) return pairs;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) pairs.push([name, v]);
    else pairs.push([name, value]);
  }
  return pairs;
}

function withoutHeaders(list: string[], names: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  for (let i = 0; i < list.length; i += 2) {
    if (!names.has(list[i].toLowerCase())) kept.push(list[i], list[i + 1]);
  }
  return kept;
}

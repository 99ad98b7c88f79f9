import { Client, type ClientConfig } from 'pg';
import type { Logger } from 'pino';
import { ConduitError } from '@conduit/shared';

/** Most messages kept for one slow subscriber before it is disconnected with an error (CONDUIT_LIVE_MAX_BUFFERED). */
export const DEFAULT_MAX_BUFFERED = 10_000;

/** One subscriber's stream: a bounded queue read as an async iterator (graphql-ws calls return()). */
export class LiveStream<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private closed = false;

  constructor(
    readonly accepts: (message: T) => boolean,
    private readonly onClose: (stream: LiveStream<T>) => void,
    private readonly maxBuffered = DEFAULT_MAX_BUFFERED,
  ) {}

  push(message: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: message, done: false });
      return;
    }
    if (this.buffer.length >= this.maxBuffered) {
      this.failure = new ConduitError('RATE_LIMITED', 'This subscriber fell too far behind the live stream and was disconnected; subscribe again.');
      this.close();
      return;
    }
    this.buffer.push(message);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    if (this.waiting) {
      const { resolve, reject } = this.waiting;
      this.waiting = null;
      if (this.failure) reject(this.failure);
      else resolve({ value: undefined, done: true });
    }
  }
}

/** A set of streams of one kind of message. */
export class LiveTopic<T> {
  private readonly streams = new Set<LiveStream<T>>();

  constructor(private readonly options: { maxBuffered?: number } = {}) {}

  get size(): number {
    return this.streams.size;
  }

  subscribe(accepts: (message: T) => boolean): LiveStream<T> {
    const stream = new LiveStream<T>(accepts, (s) => this.streams.delete(s), this.options.maxBuffered);
    this.streams.add(stream);
    return stream;
  }

  publish(message: T): void {
    for (const stream of this.streams) if (stream.accepts(message)) stream.push(message);
  }

  closeAll(): void {
    for (const stream of [...this.streams]) stream.close();
  }
}

/** Handlers by NOTIFY channel; each gets the notification's payload text. */
export type ChannelHandlers = Record<string, (payload: string) => Promise<void> | void>;

/**
 * LISTENs on a dedicated connection and hands notifications to handlers: the engine's channels
 * carry attempts and health changes from any worker process to every API process, and wake-ups
 * to every dispatcher. Reconnects by itself with backoff.
 */
export class NotificationListener {
  private client: Client | null = null;
  private stopped = false;
  private retryMs = 250;

  constructor(
    private readonly connection: ClientConfig,
    private readonly handlers: ChannelHandlers,
    private readonly logger: Logger,
    /** Called after a reconnection with when the connection was found lost (this process's clock). */
    private readonly onReconnect?: (lostAt: Date) => void,
  ) {}

  /** When the connection was found lost, until the next reconnection has been reported. */
  private lostAt: Date | null = null;

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // A connection attempt must not hang forever (a database restarting can accept and then stall
    // it), and a dead peer must be noticed: otherwise live streams would silently stop.
    const client = new Client({ connectionTimeoutMillis: 10_000, keepAlive: true, ...this.connection, application_name: 'conduit-listen' });
    client.on('notification', (message) => this.dispatch(message.channel, message.payload ?? ''));
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'notification connection lost; reconnecting');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    this.client = client;
    await client.connect();
    for (const channel of Object.keys(this.handlers)) await client.query(`LISTEN ${channel}`);
    this.retryMs = 250;
  }

  private reconnect(old: Client): void {
    if (this.stopped || this.client !== old) return;
    this.client = null;
    this.lostAt ??= new Date();
    old.removeAllListeners('end');
    old.end().catch(() => undefined);
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => {
      if (this.stopped) return;
      this.connect()
        .then(() => {
          const lostAt = this.lostAt ?? new Date();
          this.lostAt = null;
          this.onReconnect?.(lostAt);
        })
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'could not reconnect the notification connection');
          if (this.client) this.reconnect(this.client);
        });
    }, wait).unref();
  }

  private dispatch(channel: string, payload: string): void {
    const handler = this.handlers[channel];
    if (!handler) return;
    Promise.resolve()
      .then(() => handler(payload))
      .catch((error: unknown) => this.logger.error({ err: error, channel }, 'could not handle a notification'));
  }
}

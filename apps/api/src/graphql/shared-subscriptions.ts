import type { Socket } from 'node:net';
import { print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type WebSocket from 'ws';
import { ConduitError } from '@conduit/shared';
import type { GraphQLContext } from './context';

type Upstream = AsyncGenerator<ExecutionResult, void, void>;

/** Serialises a result as the payload of a graphql-ws `next` message (errors formatted). */
export type ResultSerializer = (result: ExecutionResult) => string;

/** Where a subscriber's messages go: its WebSocket (and the TCP socket under it) and its operation id. */
export interface SubscriberSocket {
  socket: WebSocket;
  tcp: Socket;
  id: string;
}

/**
 * What makes two subscriptions give the same results: the caller's identity and access (its
 * workspace, kind, user or key, role) and the operation (document, operation name, variables).
 * Null when there is no principal: such an operation is never shared.
 *
 * The identity is stricter than needed (two keys with the same role in one workspace see the same
 * things), so that no resolver reading the principal can ever hand one caller another's result.
 */
export function sharingKey(args: ExecutionArgs): string | null {
  const principal = (args.contextValue as GraphQLContext | undefined)?.principal;
  if (!principal) return null;
  const document = args.document.loc?.source.body ?? print(args.document);
  return JSON.stringify([
    principal.workspaceId,
    principal.kind,
    principal.userId,
    principal.apiKeyId,
    principal.role,
    args.operationName ?? null,
    args.variableValues ?? null,
    document,
  ]);
}

/**
 * graphql-ws `subscribe`: runs each distinct subscription (see `sharingKey`) once per event,
 * serialises the result once, and writes it to every subscriber's socket as a `next` message (the
 * socket corked until the end of the tick, so a burst is one write). graphql-ws still owns each
 * operation: it gets an iterator that ends (complete, or an error) when the subscriber's part
 * ends, and calls its return() when the client completes or disconnects.
 *
 * Each subscriber may have at most `maxBuffered` messages not yet handed to the kernel: beyond
 * that it is ended with RATE_LIMITED and the others go on. The execution stops when its last
 * subscriber leaves; its end or error reaches every subscriber.
 */
export class SharedSubscriptions {
  private readonly sources = new Map<string, SharedSource>();
  private readonly sockets = new WeakMap<object, SubscriberSocket>();
  private readonly corked = new Set<Socket>();
  private flushScheduled = false;

  constructor(private readonly options: { maxBuffered: number; serialize: ResultSerializer }) {}

  /** Shared executions running now. */
  get size(): number {
    return this.sources.size;
  }

  /** Called from graphql-ws `context`: where the operation with this context value writes to. */
  attach(contextValue: object, target: SubscriberSocket): void {
    this.sockets.set(contextValue, target);
  }

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const key = sharingKey(args);
    const target = args.contextValue ? this.sockets.get(args.contextValue as object) : undefined;
    if (key === null || !target) return subscribe(args);
    let source = this.sources.get(key);
    if (!source) {
      const created = new SharedSource(args, this.options.serialize, () => {
        if (this.sources.get(key) === created) this.sources.delete(key);
      });
      this.sources.set(key, created);
      source = created;
    }
    const subscriber = source.join(target, { maxBuffered: this.options.maxBuffered, cork: (tcp) => this.cork(tcp) });
    try {
      // A refusal (the resolver's own subscribe threw) is the same for every subscriber of the key.
      const refused = await source.started;
      if (refused) {
        subscriber.close();
        return refused;
      }
    } catch (error) {
      subscriber.close();
      throw error;
    }
    return subscriber;
  };

  /** Holds a socket's writes until the end of this tick, then sends them in one go. */
  private cork(tcp: Socket): void {
    if (this.corked.has(tcp)) return;
    tcp.cork();
    this.corked.add(tcp);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      for (const socket of this.corked) socket.uncork();
      this.corked.clear();
    });
  }
}

/** One execution of a subscription, its results written to all of its subscribers. */
class SharedSource {
  /** Settles once the execution has started: null, or the result that refused it. */
  readonly started: Promise<ExecutionResult | null>;
  private readonly subscribers = new Set<SocketSubscriber>();
  private upstream: Upstream | null = null;
  private ended = false;

  constructor(
    args: ExecutionArgs,
    private readonly serialize: ResultSerializer,
    private readonly onEnd: () => void,
  ) {
    this.started = this.start(args);
  }

  join(target: SubscriberSocket, options: { maxBuffered: number; cork: (tcp: Socket) => void }): SocketSubscriber {
    const subscriber = new SocketSubscriber(target, {
      ...options,
      onClose: () => {
        if (this.subscribers.delete(subscriber) && this.subscribers.size === 0) this.stop();
      },
    });
    this.subscribers.add(subscriber);
    return subscriber;
  }

  private async start(args: ExecutionArgs): Promise<ExecutionResult | null> {
    let result: Upstream | ExecutionResult;
    try {
      result = await subscribe(args);
    } catch (error) {
      this.end();
      throw error;
    }
    if (!(Symbol.asyncIterator in result)) {
      this.end();
      return result;
    }
    if (this.ended) {
      // Everyone left before it started.
      await result.return();
      return null;
    }
    this.upstream = result;
    void this.pump(result);
    return null;
  }

  private async pump(upstream: Upstream): Promise<void> {
    try {
      for (;;) {
        const next = await upstream.next();
        if (next.done) break;
        const payload = this.serialize(next.value);
        for (const subscriber of this.subscribers) subscriber.write(payload);
      }
      this.end();
      for (const subscriber of [...this.subscribers]) subscriber.close();
    } catch (error) {
      this.end();
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const subscriber of [...this.subscribers]) subscriber.fail(failure);
    }
  }

  /** The last subscriber left: stop the execution (which ends the resolver's own stream). */
  private stop(): void {
    if (this.ended) return;
    this.end();
    // The pump's pending next() then resolves as done.
    void this.upstream?.return().catch(() => undefined);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
  }
}

/**
 * One subscriber of a shared execution. To graphql-ws it is the operation's iterator: it yields
 * nothing (the messages are written straight to the socket) and settles when the subscriber's
 * part ends: done when completed, rejected when it failed.
 */
class SocketSubscriber implements AsyncIterableIterator<ExecutionResult> {
  /** `{"id":…,"type":"next","payload":` — the message around a serialised payload. */
  private readonly prefix: string;
  private inFlight = 0;
  private closed = false;
  private failure: Error | null = null;
  private waiting: { resolve: (result: IteratorResult<ExecutionResult>) => void; reject: (error: Error) => void } | null = null;
  private readonly written = (): void => {
    this.inFlight--;
  };

  constructor(
    private readonly target: SubscriberSocket,
    private readonly options: { maxBuffered: number; cork: (tcp: Socket) => void; onClose: () => void },
  ) {
    this.prefix = `{"id":${JSON.stringify(target.id)},"type":"next","payload":`;
  }

  write(payload: string): void {
    if (this.closed) return;
    const { socket, tcp } = this.target;
    if (socket.readyState !== socket.OPEN) return;
    if (this.inFlight >= this.options.maxBuffered) {
      this.fail(new ConduitError('RATE_LIMITED', 'This subscriber fell too far behind the live stream and was disconnected; subscribe again.'));
      return;
    }
    this.inFlight++;
    this.options.cork(tcp);
    socket.send(`${this.prefix}${payload}}`, this.written);
  }

  fail(error: Error): void {
    if (this.closed) return;
    this.failure = error;
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onClose();
    if (this.waiting) {
      const { resolve, reject } = this.waiting;
      this.waiting = null;
      if (this.failure) reject(this.failure);
      else resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }
}

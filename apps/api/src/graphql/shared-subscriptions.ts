import { print, subscribe, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { GraphQLContext } from './context';
import { LiveTopic, type LiveStream } from './live';

type Upstream = AsyncGenerator<ExecutionResult, void, void>;

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
 * graphql-ws `subscribe`: runs each distinct subscription (see `sharingKey`) once per event and
 * hands the same result to all of its subscribers. Each subscriber has a bounded queue of its own
 * (a slow one is ended with RATE_LIMITED, the others go on); the shared execution stops when its
 * last subscriber leaves, and its end or error reaches every subscriber.
 */
export class SharedSubscriptions {
  private readonly sources = new Map<string, SharedSource>();

  constructor(private readonly options: { maxBuffered: number }) {}

  /** Shared executions running now. */
  get size(): number {
    return this.sources.size;
  }

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const key = sharingKey(args);
    if (key === null) return subscribe(args);
    let source = this.sources.get(key);
    if (!source) {
      const created = new SharedSource(args, this.options.maxBuffered, () => {
        if (this.sources.get(key) === created) this.sources.delete(key);
      });
      this.sources.set(key, created);
      source = created;
    }
    const stream = source.join();
    try {
      // A refusal (the resolver's own subscribe threw) is the same for every subscriber of the key.
      const refused = await source.started;
      if (refused) {
        stream.close();
        return refused;
      }
    } catch (error) {
      stream.close();
      throw error;
    }
    return stream;
  };
}

/** One execution of a subscription, multicast to the streams of its subscribers. */
class SharedSource {
  /** Settles once the execution has started: null, or the result that refused it. */
  readonly started: Promise<ExecutionResult | null>;
  private readonly subscribers: LiveTopic<ExecutionResult>;
  private upstream: Upstream | null = null;
  private ended = false;

  constructor(
    args: ExecutionArgs,
    maxBuffered: number,
    private readonly onEnd: () => void,
  ) {
    this.subscribers = new LiveTopic<ExecutionResult>({ maxBuffered, onEmpty: () => this.stop() });
    this.started = this.start(args);
  }

  join(): LiveStream<ExecutionResult> {
    return this.subscribers.subscribe(() => true);
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
        this.subscribers.publish(next.value);
      }
      this.end();
      this.subscribers.closeAll();
    } catch (error) {
      this.end();
      this.subscribers.failAll(error instanceof Error ? error : new Error(String(error)));
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

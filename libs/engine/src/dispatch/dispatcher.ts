import type { Logger } from 'pino';
import type { DeliveryStatus } from '@conduit/shared';
import { classifyAttempt } from '../retry/classify';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, nextRetryDelayMs } from '../retry/policy';
import type { HttpSender } from '../http/sender';
import { WebhookSigner } from '../signing/standard-webhooks';
import { buildWebhookBody } from './body';
import { redactHeaders } from './redact';
import type { AttemptRecord, AutomationAttempt, ClaimedDelivery, CompletionEffects, DispatchStore } from './types';

/** Capacity settings of one dispatcher (one per worker process). */
export interface DispatcherPolicy {
  /** Requests in flight across all endpoints. */
  concurrency: number;
  /** Deliveries claimed per round trip. */
  batchSize: number;
  leaseMs: number;
  /** Longest sleep when idle before looking for due work again. */
  idlePollMs: number;
  /** Attempt results are written back when this many are waiting, or after flushDelayMs. */
  flushSize: number;
  flushDelayMs: number;
  /**
   * Most rows claimed at once for a target this process is not sending to yet: its default
   * in-flight limit plus as many for its local queue (20 + 20); more would be released at once.
   */
  newTargetLimit: number;
}

export const DEFAULT_DISPATCHER_POLICY: DispatcherPolicy = {
  concurrency: 256,
  batchSize: 500,
  leaseMs: 120_000,
  idlePollMs: 5_000,
  flushSize: 250,
  flushDelayMs: 2,
  newTargetLimit: 40,
};

export interface DispatcherOptions {
  store: DispatchStore;
  sender: Pick<HttpSender, 'send'>;
  /** Decrypts a stored webhook secret (the API owns the master key). */
  decryptSecret: (ciphertext: string, delivery: ClaimedDelivery) => string;
  /**
   * Makes one attempt of an automation delivery (the API's action pipeline: inputs rendered over
   * the event, the action's request with its credential). Never throws for a failed call: it
   * returns the failure as an outcome.
   */
  executeAutomation?: (delivery: ClaimedDelivery) => Promise<AutomationAttempt>;
  workerId: string;
  userAgent: string;
  logger: Logger;
  policy?: Partial<DispatcherPolicy>;
  /** Called after each committed batch with what it changed and the attempts it holds: live streams, system events, metrics. */
  onCommitted?: (effects: CompletionEffects, attempts: readonly AttemptRecord[]) => void | Promise<void>;
  now?: () => number;
  random?: () => number;
}

interface Endpoint {
  inFlight: number;
  limit: number;
  queue: ClaimedDelivery[];
  /** Token bucket for rateLimitPerSecond. */
  tokens: number;
  refilledAt: number;
  rate: number | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Sends due webhook deliveries: claims them from the store in batches, sends them concurrently
 * within per-endpoint limits (20 in flight by default, 1 while FAILING, so a dead endpoint holds at
 * most one slot), and writes attempts back in batches. Woken by `wake()` (LISTEN/NOTIFY, the
 * scheduler's sweep) or by its own timer for the next due retry.
 */
export class Dispatcher {
  private readonly policy: DispatcherPolicy;
  private readonly endpoints = new Map<string, Endpoint>();
  /** Signers by the webhook's secret ciphertexts: decrypted and decoded once, not per request. */
  private readonly signers = new Map<string, WebhookSigner>();
  private readonly now: () => number;
  private readonly random: () => number;
  private running = false;
  private loop: Promise<void> | null = null;
  private inFlight = 0;
  /** Ids of deliveries whose request is in flight. */
  private readonly sending = new Set<string>();
  private queued = 0;
  private pending: AttemptRecord[] = [];
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: DispatcherOptions) {
    this.policy = { ...DEFAULT_DISPATCHER_POLICY, ...options.policy };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Requests in flight and deliveries waiting for an endpoint slot in this process. */
  get load(): { inFlight: number; queued: number; unwritten: number } {
    return { inFlight: this.inFlight, queued: this.queued, unwritten: this.pending.length };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Asks the loop to look for due work now. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Stops claiming, waits up to `drainMs` for requests in flight, writes their attempts, and
   * releases the leases of everything not sent so another worker takes it at once.
   */
  async stop(drainMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const queuedIds: string[] = [];
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.timer) clearTimeout(endpoint.timer);
      queuedIds.push(...endpoint.queue.map((d) => d.id));
      endpoint.queue = [];
    }
    this.queued = 0;
    await this.options.store.release(queuedIds, this.options.workerId).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not release queued deliveries; their leases will expire');
    });
    const deadline = this.now() + drainMs;
    while (this.inFlight > 0 && this.now() < deadline) await sleep(20);
    await this.flushAll();
    if (this.sending.size > 0) {
      // Still waiting on slow receivers: hand these deliveries to other workers now rather than
      // after the lease. A receiver may then see one twice, with the same webhook-id.
      const unfinished = [...this.sending];
      this.options.logger.warn({ count: unfinished.length }, 'releasing deliveries still in flight at shutdown');
      await this.options.store.release(unfinished, this.options.workerId).catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'could not release in-flight deliveries; their leases will expire');
      });
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      // Requests in flight bound the claim. Deliveries queued behind a busy endpoint are bounded
      // apart (as many again): counting them against the same slots would let endpoints that hang
      // with full queues stop every claim, healthy endpoints' included.
      const free = Math.min(this.policy.concurrency - this.inFlight, this.policy.concurrency - this.queued);
      if (free <= Math.min(this.policy.concurrency / 4, 16) && this.inFlight + this.queued > 0) {
        // Wait for finishing requests to free slots. Clearing the flag first matters: a wake-up
        // that arrived earlier must not turn this wait into a busy loop.
        this.woken = false;
        await this.sleepUntilWoken(this.policy.idlePollMs);
        continue;
      }
      let claimed: ClaimedDelivery[];
      this.woken = false;
      try {
        const { saturated, room } = this.endpointRoom();
        claimed = await this.options.store.claim({
          limit: Math.min(free, this.policy.batchSize),
          leaseMs: this.policy.leaseMs,
          workerId: this.options.workerId,
          excludeWebhookIds: saturated,
          targetRoom: room,
          perTargetLimit: this.policy.newTargetLimit,
        });
      } catch (error) {
        this.options.logger.error({ err: error }, 'claiming deliveries failed; retrying in 1 s');
        this.woken = false;
        await this.sleepUntilWoken(1_000);
        continue;
      }
      if (claimed.length === 0) {
        if (!this.woken) await this.sleepUntilDue();
        continue;
      }
      const overflow: string[] = [];
      for (const delivery of claimed) if (!this.accept(delivery)) overflow.push(delivery.id);
      if (overflow.length > 0) {
        await this.options.store.release(overflow, this.options.workerId).catch((error: unknown) => {
          this.options.logger.warn({ err: error, count: overflow.length }, 'could not release deliveries over an endpoint limit');
        });
      }
    }
  }

  /**
   * Endpoints with no room left here (their rows stay for later), and how many rows each other
   * known endpoint can still take: free slots plus room in its local queue.
   */
  private endpointRoom(): { saturated: string[]; room: Record<string, number> } {
    const saturated: string[] = [];
    const room: Record<string, number> = {};
    for (const [id, endpoint] of this.endpoints) {
      const free = endpoint.limit - endpoint.inFlight + (endpoint.limit - endpoint.queue.length);
      if (free <= 0 || (endpoint.rate !== null && endpoint.queue.length > 0)) saturated.push(id);
      else room[id] = free;
    }
    return { saturated, room };
  }

  /** Starts or queues a claimed delivery; false when its endpoint already has enough waiting. */
  private accept(delivery: ClaimedDelivery): boolean {
    const target = delivery.target;
    let endpoint = this.endpoints.get(delivery.targetId);
    if (!endpoint) {
      endpoint = { inFlight: 0, limit: 1, queue: [], tokens: 0, refilledAt: this.now(), rate: null, timer: null };
      this.endpoints.set(delivery.targetId, endpoint);
    }
    endpoint.limit = target.health === 'FAILING' ? 1 : Math.max(1, target.maxInFlight);
    if (endpoint.rate !== target.rateLimitPerSecond) {
      endpoint.rate = target.rateLimitPerSecond;
      endpoint.tokens = target.rateLimitPerSecond ?? 0;
      endpoint.refilledAt = this.now();
    }
    if (endpoint.queue.length === 0 && endpoint.inFlight < endpoint.limit && this.takeToken(endpoint)) {
      this.send(delivery, endpoint);
      return true;
    }
    if (endpoint.queue.length < endpoint.limit) {
      endpoint.queue.push(delivery);
      this.queued++;
      this.scheduleEndpoint(delivery.targetId, endpoint);
      return true;
    }
    return false;
  }

  private takeToken(endpoint: Endpoint): boolean {
    if (!endpoint.rate) return true;
    const now = this.now();
    endpoint.tokens = Math.min(endpoint.rate, endpoint.tokens + ((now - endpoint.refilledAt) / 1000) * endpoint.rate);
    endpoint.refilledAt = now;
    if (endpoint.tokens < 1) return false;
    endpoint.tokens -= 1;
    return true;
  }

  /** Starts queued deliveries of an endpoint as slots and rate tokens allow. */
  private drainEndpoint(webhookId: string, endpoint: Endpoint): void {
    while (endpoint.queue.length > 0 && endpoint.inFlight < endpoint.limit) {
      if (!this.takeToken(endpoint)) {
        this.scheduleEndpoint(webhookId, endpoint);
        return;
      }
      const next = endpoint.queue.shift() as ClaimedDelivery;
      this.queued--;
      this.send(next, endpoint);
    }
    if (endpoint.queue.length === 0 && endpoint.inFlight === 0 && !endpoint.timer) this.endpoints.delete(webhookId);
  }

  private scheduleEndpoint(webhookId: string, endpoint: Endpoint): void {
    if (endpoint.timer || !endpoint.rate) return;
    const waitMs = Math.max(1, Math.ceil(((1 - endpoint.tokens) / endpoint.rate) * 1000));
    endpoint.timer = setTimeout(() => {
      endpoint.timer = null;
      this.drainEndpoint(webhookId, endpoint);
    }, waitMs);
  }

  private send(delivery: ClaimedDelivery, endpoint: Endpoint): void {
    endpoint.inFlight++;
    this.inFlight++;
    this.sending.add(delivery.id);
    this.attempt(delivery)
      .then((record) => this.record(record))
      .catch((error: unknown) => {
        // attempt() classifies every network failure; reaching here is a bug. The lease expires and
        // the delivery is retried by another claim, with the same webhook-id.
        this.options.logger.error({ err: error, deliveryId: delivery.id }, 'unexpected error while sending a delivery');
      })
      .finally(() => {
        endpoint.inFlight--;
        this.inFlight--;
        this.sending.delete(delivery.id);
        this.drainEndpoint(delivery.targetId, endpoint);
        this.wake();
      });
  }

  private async attempt(delivery: ClaimedDelivery): Promise<AttemptRecord> {
    if (delivery.kind === 'automation') return this.automationAttempt(delivery);
    const target = delivery.target;
    const number = delivery.attemptCount + 1;
    const body = buildWebhookBody({
      eventType: delivery.eventType,
      occurredAt: delivery.occurredAt,
      payloadJson: delivery.payloadJson,
      webhookId: delivery.targetId,
      url: target.url,
    });
    const timestamp = Math.floor(this.now() / 1000);
    const headers: Record<string, string> = {};
    for (const header of target.headers) headers[header.name.toLowerCase()] = header.value;
    headers['content-type'] = 'application/json';
    headers['user-agent'] = this.options.userAgent;
    headers['webhook-id'] = delivery.id;
    headers['webhook-timestamp'] = String(timestamp);
    headers['webhook-signature'] = this.signer(delivery).sign(delivery.id, timestamp, body);
    const startedAt = new Date(this.now());
    const exchange = await this.options.sender.send({ method: 'POST', url: target.url, headers, body, timeoutMs: target.timeoutMs });
    const { retryable, disableTarget } = classifyAttempt(exchange.outcome, exchange.status);
    let status: DeliveryStatus = 'SUCCEEDED';
    let nextAttemptAt: Date | null = null;
    if (exchange.outcome !== 'SUCCESS') {
      const delay = retryable
        ? nextRetryDelayMs({
            schedule: target.schedule ?? DEFAULT_RETRY_SCHEDULE_SECONDS,
            attemptNumber: number,
            retryAfterMs: exchange.retryAfterMs,
            random: this.random,
          })
        : null;
      status = delay === null ? 'FAILED' : 'RETRYING';
      nextAttemptAt = delay === null ? null : new Date(startedAt.getTime() + exchange.durationMs + delay);
    }
    return {
      deliveryId: delivery.id,
      workspaceId: delivery.workspaceId,
      kind: 'webhook',
      targetId: delivery.targetId,
      webhookId: delivery.webhookId,
      number,
      startedAt,
      durationMs: Math.round(exchange.durationMs),
      outcome: exchange.outcome,
      request: { method: 'POST', url: target.url, headers: redactHeaders(Object.entries(headers)) },
      response:
        exchange.status === undefined
          ? null
          : { status: exchange.status, headers: exchange.headers, body: exchange.body ?? null, bodyTruncated: exchange.bodyTruncated },
      error: exchange.error ?? (exchange.outcome === 'SUCCESS' ? null : `HTTP ${exchange.status}`),
      willRetry: status === 'RETRYING',
      nextAttemptAt,
      status,
      disableTarget,
    };
  }

  /** One automation attempt through the injected executor, with the action's retry schedule. */
  private async automationAttempt(delivery: ClaimedDelivery): Promise<AttemptRecord> {
    if (!this.options.executeAutomation) throw new Error('This dispatcher was started without an automation executor.');
    const number = delivery.attemptCount + 1;
    const startedAt = new Date(this.now());
    const result = await this.options.executeAutomation(delivery);
    const classified = classifyAttempt(result.outcome, result.status);
    const retryable = result.retryable ?? classified.retryable;
    let status: DeliveryStatus = 'SUCCEEDED';
    let nextAttemptAt: Date | null = null;
    if (result.outcome !== 'SUCCESS') {
      const delay = retryable
        ? nextRetryDelayMs({
            schedule: delivery.target.schedule ?? DEFAULT_RETRY_SCHEDULE_SECONDS,
            attemptNumber: number,
            retryAfterMs: result.retryAfterMs,
            random: this.random,
          })
        : null;
      status = delay === null ? 'FAILED' : 'RETRYING';
      nextAttemptAt = delay === null ? null : new Date(startedAt.getTime() + result.durationMs + delay);
    }
    return {
      deliveryId: delivery.id,
      workspaceId: delivery.workspaceId,
      kind: 'automation',
      targetId: delivery.targetId,
      webhookId: null,
      number,
      startedAt,
      durationMs: Math.round(result.durationMs),
      outcome: result.outcome,
      request: result.request,
      response: result.response,
      error: result.error ?? (result.outcome === 'SUCCESS' ? null : `HTTP ${result.status ?? '?'}`),
      willRetry: status === 'RETRYING',
      nextAttemptAt,
      status,
      disableTarget: classified.disableTarget,
      context: result.outcome === 'SUCCESS' ? (result.context ?? null) : null,
    };
  }

  private signer(delivery: ClaimedDelivery): WebhookSigner {
    const key = delivery.target.secretCiphertexts.join(' ');
    let signer = this.signers.get(key);
    if (!signer) {
      signer = new WebhookSigner(delivery.target.secretCiphertexts.map((c) => this.options.decryptSecret(c, delivery)));
      if (this.signers.size > 10_000) this.signers.clear();
      this.signers.set(key, signer);
    }
    return signer;
  }

  private record(record: AttemptRecord): void {
    this.pending.push(record);
    if (this.pending.length >= this.policy.flushSize) void this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => void this.flush(), this.policy.flushDelayMs);
  }

  /** Writes waiting attempt records; one write at a time, later records join the next batch. */
  private async flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.flushing) return;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) void this.flush();
    });
    await this.flushing;
  }

  private async write(batch: AttemptRecord[]): Promise<void> {
    for (let tries = 1; ; tries++) {
      try {
        const effects = await this.options.store.complete(batch, this.options.workerId);
        // Committed retries may now be the next due work: let the loop re-read the due time.
        this.wake();
        if (this.options.onCommitted) await this.options.onCommitted(effects, batch);
        return;
      } catch (error) {
        // Until the attempts are committed the deliveries stay leased; if this process dies they
        // are sent again after the lease, with the same webhook-id.
        this.options.logger.error({ err: error, count: batch.length, tries }, 'writing attempts failed; retrying');
        if (!this.running && tries >= 3) return;
        await sleep(Math.min(5_000, 200 * tries));
      }
    }
  }

  private async flushAll(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
  }

  private async sleepUntilDue(): Promise<void> {
    let waitMs = this.policy.idlePollMs;
    try {
      const due = await this.options.store.nextDueAt();
      const untilDue = due ? due.getTime() - this.now() : Infinity;
      if (untilDue > 0) waitMs = Math.min(waitMs, untilDue + 5);
      // Due work that could not be claimed is leased elsewhere or behind a busy endpoint here:
      // finishing requests wake the loop, so only poll slowly for the former.
      else if (this.inFlight + this.queued === 0) waitMs = Math.min(waitMs, 1_000);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not read the next due time');
    }
    await this.sleepUntilWoken(waitMs);
  }

  private sleepUntilWoken(ms: number): Promise<void> {
    if (this.woken || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleTimer = setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        if (this.idleTimer) clearTimeout(this.idleTimer);
        this.idleTimer = null;
        this.wakeUp = null;
        resolve();
      };
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

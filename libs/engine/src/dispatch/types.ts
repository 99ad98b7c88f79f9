import type { AttemptOutcome, DeliveryStatus, Health } from '@conduit/shared';

/** What a delivery goes to: a webhook's signed POST, or an automation's action call. */
export type DeliveryKind = 'webhook' | 'automation';

/** A delivery claimed for sending, with everything needed to send it (one SQL round trip). */
export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  eventId: string;
  kind: DeliveryKind;
  /** The webhook or automation id: the key of per-endpoint limits and of health. */
  targetId: string;
  /** Set for webhook deliveries; null for automation deliveries. */
  webhookId: string | null;
  /** Attempts already made; the one about to be made is attemptCount + 1. */
  attemptCount: number;
  eventType: string;
  occurredAt: Date;
  /** The event payload as stored JSON text, embedded in the body without re-serialising. */
  payloadJson: string;
  target: DeliveryTarget;
}

export interface DeliveryTarget {
  url: string;
  headers: { name: string; value: string }[];
  /** Current secret first, then the previous one while its 24 h overlap lasts. */
  secretCiphertexts: string[];
  timeoutMs: number;
  /** Seconds before each retry; null = DEFAULT_RETRY_SCHEDULE_SECONDS. */
  schedule: number[] | null;
  maxInFlight: number;
  health: Health;
  rateLimitPerSecond: number | null;
}

export interface AttemptRequestLog {
  method: string;
  url: string;
  headers: [string, string][];
  /** Stored for automation calls (redacted); webhook bodies are rebuilt from the event. */
  body?: string | null;
}

export interface AttemptResponseLog {
  status: number;
  headers: [string, string][];
  body: string | null;
  bodyTruncated: boolean;
}

/** The outcome of one attempt and the delivery state it leads to, written back in batches. */
export interface AttemptRecord {
  deliveryId: string;
  workspaceId: string;
  kind: DeliveryKind;
  targetId: string;
  webhookId: string | null;
  number: number;
  startedAt: Date;
  durationMs: number;
  outcome: AttemptOutcome;
  request: AttemptRequestLog;
  response: AttemptResponseLog | null;
  error: string | null;
  willRetry: boolean;
  nextAttemptAt: Date | null;
  status: DeliveryStatus;
  /** The target asked never to be called again (410 Gone). */
  disableTarget: boolean;
  /** Automation outputs kept as a context record, written with the attempt. */
  context?: ContextWrite | null;
}

/** A context record upserted with an automation attempt (`storeAs` under a subject). */
export interface ContextWrite {
  subject: string;
  name: string;
  data: unknown;
}

/** One attempt of an automation delivery, made by the API's action pipeline (credentials redacted). */
export interface AutomationAttempt {
  outcome: AttemptOutcome;
  status?: number;
  durationMs: number;
  retryAfterMs?: number;
  request: AttemptRequestLog;
  response: AttemptResponseLog | null;
  error: string | null;
  /** False when nothing would change on a retry (template or input errors). Default: by outcome and status. */
  retryable?: boolean;
  context?: ContextWrite | null;
}

export interface HealthChange {
  kind: DeliveryKind;
  /** The webhook id, or the automation id when kind is 'automation'. */
  webhookId: string;
  workspaceId: string;
  previous: Health;
  current: Health;
}

export interface DisabledTarget {
  kind: DeliveryKind;
  /** The webhook or automation id. */
  targetId: string;
  workspaceId: string;
  /** The webhook's URL or the automation's name. */
  label: string;
  consecutiveFailures: number;
  reason: string;
  disabledAt: Date;
}

/** What committing a batch of attempts changed, for live streams and system events. */
export interface CompletionEffects {
  attemptIds: string[];
  healthChanges: HealthChange[];
  disabled: DisabledTarget[];
}

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  workerId: string;
  /** Webhooks and automations already at their in-flight limit in this process: their rows stay for later. */
  excludeWebhookIds: string[];
  /**
   * Rows this process can still take per target (free slots plus room in its local queue), for
   * targets it is already sending to; others get `perTargetLimit`. Default: no per-target cap.
   */
  targetRoom?: Record<string, number>;
  perTargetLimit?: number;
}

/** Storage used by the dispatcher; PostgreSQL in production (PgDispatchStore). */
export interface DispatchStore {
  claim(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  release(deliveryIds: string[], workerId: string): Promise<void>;
  complete(records: AttemptRecord[], workerId: string): Promise<CompletionEffects>;
  /** When the earliest open delivery becomes due, or null when none is open. */
  nextDueAt(): Promise<Date | null>;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttemptOutcome, DeliveryStatus } from '@conduit/shared';

@Entity({ name: 'deliveries' })
export class DeliveryEntity {
  /** `msg_` + ULID; sent as the `webhook-id` header and stable across retries. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  /** The event delivered; null for action calls (testAction, executeAction, testCredential). */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId!: string | null;

  @Column({ name: 'webhook_id', type: 'uuid', nullable: true })
  webhookId!: string | null;

  @Column({ name: 'automation_id', type: 'uuid', nullable: true })
  automationId!: string | null;

  /** The action called (testAction, executeAction); null for webhooks and credential tests. */
  @Column({ name: 'action_id', type: 'uuid', nullable: true })
  actionId!: string | null;

  /** The integration of an action call or credential test. */
  @Column({ name: 'integration_id', type: 'uuid', nullable: true })
  integrationId!: string | null;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  @Column({ name: 'attempt_count', type: 'int', default: 0 })
  attemptCount!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

export interface StoredRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** Omitted for webhook deliveries: rebuilt from the event, which is byte-for-byte the sent body. */
  body?: string | null;
}

export interface StoredResponse {
  status: number;
  headers: [string, string][];
  body: string | null;
  bodyTruncated: boolean;
}

@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'text' })
  deliveryId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'webhook_id', type: 'uuid', nullable: true })
  webhookId!: string | null;

  @Column({ type: 'int' })
  number!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'text' })
  outcome!: AttemptOutcome;

  @Column({ type: 'jsonb' })
  request!: StoredRequest;

  @Column({ type: 'jsonb', nullable: true })
  response!: StoredResponse | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'will_retry', type: 'boolean' })
  willRetry!: boolean;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;
}

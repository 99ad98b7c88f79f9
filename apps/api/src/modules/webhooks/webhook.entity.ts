import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Health } from '@conduit/shared';

export interface StoredHeader {
  name: string;
  value: string;
}

@Entity({ name: 'webhooks' })
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  filter!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  headers!: StoredHeader[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'text', default: 'HEALTHY' })
  health!: Health;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures!: number;

  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  /** Outcomes of the last 50 attempts, oldest first: '1' success, '0' failure. */
  @Column({ name: 'recent_outcomes', type: 'text', default: '' })
  recentOutcomes!: string;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** When `health` last changed (null: never since it was created). */
  @Column({ name: 'health_changed_at', type: 'timestamptz', nullable: true })
  healthChangedAt!: Date | null;

  /** Set when its deletion began (deleteTargetKeepingLog); hidden from the API from then on. */
  @Column({ name: 'deleting_at', type: 'timestamptz', nullable: true })
  deletingAt!: Date | null;

  /** The signing secret, encrypted with the master key (AES-256-GCM). */
  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext!: string;

  /** The secret replaced by the last rotation, still signed with until previousSecretExpiresAt. */
  @Column({ name: 'previous_secret_ciphertext', type: 'text', nullable: true })
  previousSecretCiphertext!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ name: 'secret_hint', type: 'text' })
  secretHint!: string;

  @Column({ name: 'rate_limit_per_second', type: 'int', nullable: true })
  rateLimitPerSecond!: number | null;

  /** Seconds to wait before each retry; null means the default schedule. */
  @Column({ name: 'retry_schedule', type: 'float8', array: true, nullable: true })
  retrySchedule!: number[] | null;

  @Column({ name: 'timeout_ms', type: 'int', default: 10000 })
  timeoutMs!: number;

  @Column({ name: 'max_in_flight', type: 'int', default: 20 })
  maxInFlight!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

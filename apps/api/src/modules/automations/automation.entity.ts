import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Health } from '@conduit/shared';
import type { StoredKeyValue } from '../integrations/integration.entity';

/** An event pattern and filter that call an action, optionally keeping its outputs as context. */
@Entity({ name: 'automations' })
export class AutomationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'jsonb', nullable: true })
  filter!: Record<string, unknown> | null;

  @Column({ name: 'action_id', type: 'uuid' })
  actionId!: string;

  @Column({ name: 'credential_id', type: 'uuid', nullable: true })
  credentialId!: string | null;

  /** Action input key → template over the event. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  inputs!: StoredKeyValue[];

  @Column({ name: 'store_as', type: 'text', nullable: true })
  storeAs!: string | null;

  /** Template naming whose data the outputs are, e.g. `{{ ticket.customer.email }}`. */
  @Column({ type: 'text', nullable: true })
  subject!: string | null;

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

  /** Set when its deletion began (deleteTargetKeepingLog); hidden from the API from then on. */
  @Column({ name: 'deleting_at', type: 'timestamptz', nullable: true })
  deletingAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TypedField } from '@conduit/engine';
import type { StoredRequestTemplate } from './integration.entity';

/** An input of an action, referenced in its templates as `{{ input.<key> }}`. */
export type StoredActionInput = TypedField;

/** An output of an action: `key` is a path into the JSON response (`data.items[0].id`). */
export type StoredActionOutput = TypedField;

@Entity({ name: 'actions' })
export class ActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  inputs!: StoredActionInput[];

  @Column({ type: 'jsonb' })
  request!: StoredRequestTemplate;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  outputs!: StoredActionOutput[];

  /** Seconds to wait before each retry; null means the default schedule. */
  @Column({ name: 'retry_schedule', type: 'float8', array: true, nullable: true })
  retrySchedule!: number[] | null;

  @Column({ name: 'timeout_ms', type: 'int', default: 10000 })
  timeoutMs!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

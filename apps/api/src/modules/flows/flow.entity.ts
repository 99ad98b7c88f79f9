import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { StoredKeyValue } from '../integrations/integration.entity';

export type FailurePolicy = 'STOP' | 'CONTINUE';
export type RunStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** One step of a flow: an action call with input mappings over the variables and earlier outputs. */
export interface StoredFlowStep {
  key: string;
  name: string | null;
  actionId: string;
  credentialId: string | null;
  inputs: StoredKeyValue[];
  onFailure: FailurePolicy;
}

/** The state of one step in a run. */
export interface StoredStepRun {
  key: string;
  status: RunStatus;
  outputs: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  /** Set while an attempt is being made (ISO time it started); a stale one means its worker died. */
  claimedAt?: string;
}

@Entity({ name: 'flows' })
export class FlowEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  events!: string[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  steps!: StoredFlowStep[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'flow_runs' })
export class FlowRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'flow_id', type: 'uuid' })
  flowId!: string;

  @Column({ type: 'text', default: 'PENDING' })
  status!: RunStatus;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  variables!: Record<string, unknown>;

  /** The flow's steps when the run started. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  plan!: StoredFlowStep[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  steps!: StoredStepRun[];

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

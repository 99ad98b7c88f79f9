import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Outputs an automation kept (`storeAs`) about a subject, e.g. a customer's email. */
@Entity({ name: 'context_records' })
export class ContextRecordEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ type: 'text' })
  subject!: string;

  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  data!: unknown;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, CreateDateColumn, Entity } from 'typeorm';

@Entity({ name: 'event_types' })
export class EventTypeEntity {
  @Column({ name: 'workspace_id', type: 'uuid', primary: true })
  workspaceId!: string;

  @Column({ type: 'text', primary: true })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  example!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  schema!: unknown;

  /** Seeded from the standard catalogue (true) or registered by the workspace (false). */
  @Column({ type: 'boolean', default: false })
  builtin!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

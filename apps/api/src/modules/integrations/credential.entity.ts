import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'credentials' })
export class CredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Values of TEXT auth fields, in clear. */
  @Column({ name: 'text_values', type: 'jsonb', default: () => `'{}'` })
  textValues!: Record<string, string>;

  /**
   * Values of PASSWORD auth fields: MasterKeyring ciphertexts bound to
   * `workspace:<ws>/credential:<id>/field:<identifier>`, so one cannot be copied onto another record.
   */
  @Column({ name: 'secret_values', type: 'jsonb', default: () => `'{}'` })
  secretValues!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

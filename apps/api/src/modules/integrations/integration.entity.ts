import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BodyType } from '@conduit/engine';

export const AUTH_SCHEMES = ['NONE', 'API_KEY', 'BASIC', 'BEARER'] as const;
/** How an integration's credentials are applied to its requests (see integration.service.ts). */
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

export const FIELD_TYPES = ['TEXT', 'PASSWORD'] as const;
/** PASSWORD values are encrypted at rest and never returned; TEXT values are kept in clear. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** One value a credential holds, referenced in templates as `{{ credential.<identifier> }}`. */
export interface StoredAuthField {
  identifier: string;
  name: string | null;
  type: FieldType;
  required: boolean;
}

export interface StoredKeyValue {
  key: string;
  value: string;
}

/** A request with `{{ templates }}` in its URL, query and header values and body. */
export interface StoredRequestTemplate {
  method: string;
  url: string;
  query: StoredKeyValue[];
  headers: StoredKeyValue[];
  bodyType: BodyType;
  body: string | null;
  form: StoredKeyValue[];
}

@Entity({ name: 'integrations' })
export class IntegrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'logo_url', type: 'text', nullable: true })
  logoUrl!: string | null;

  @Column({ name: 'auth_scheme', type: 'text' })
  authScheme!: AuthScheme;

  @Column({ name: 'auth_fields', type: 'jsonb', default: () => `'[]'` })
  authFields!: StoredAuthField[];

  /** Run by testCredential to check a credential; templates may use `credential.*` only. */
  @Column({ name: 'test_request', type: 'jsonb', nullable: true })
  testRequest!: StoredRequestTemplate | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

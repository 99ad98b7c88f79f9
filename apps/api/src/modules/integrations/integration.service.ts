import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ConduitError, assertNever, type Role } from '@conduit/shared';
import { checkRequestTemplate, type TargetPolicy } from '@conduit/engine';
import { assertNoAutomationCalls } from '../automations/automation.service';
import { assertNoFlowCalls } from '../flows/flow.service';
import { isUuid } from '../events/event.service';
import { ActionEntity } from './action.entity';
import type { CredentialService } from './credential.service';
import { IntegrationEntity, type AuthScheme, type StoredAuthField, type StoredRequestTemplate } from './integration.entity';
import type { AuthFieldInput, IntegrationInput } from './integration.inputs';
import type { IntegrationType } from './integration.types';
import { assertIdentifier, optionalText, prefixField, requiredText, toTemplateType, validateRequestTemplate } from './request-template';

const MAX_AUTH_FIELDS = 20;

/**
 * How an auth scheme applies to a request, given a credential's values (plaintext, at send time):
 * API_KEY and NONE add nothing (API_KEY templates place `{{ credential.<identifier> }}` themselves);
 * BASIC sends `Basic base64(username:password)` from the fields named `username` and `password`;
 * BEARER sends `Bearer <token>` from the field named `token`, else the first PASSWORD field.
 * Returns the Authorization header value, or null.
 */
export function authorizationFor(scheme: AuthScheme, fields: readonly StoredAuthField[], values: Readonly<Record<string, string>>): string | null {
  switch (scheme) {
    case 'NONE':
    case 'API_KEY':
      return null;
    case 'BASIC': {
      const username = values.username ?? '';
      const password = values.password ?? '';
      return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    }
    case 'BEARER': {
      const field = bearerField(fields);
      const token = field ? values[field.identifier] : undefined;
      return token ? `Bearer ${token}` : null;
    }
    default:
      return assertNever(scheme);
  }
}

function bearerField(fields: readonly StoredAuthField[]): StoredAuthField | undefined {
  return fields.find((f) => f.identifier === 'token') ?? fields.find((f) => f.type === 'PASSWORD');
}

/** Integrations: their auth scheme, auth fields and test request. */
export class IntegrationService {
  constructor(
    private readonly db: DataSource,
    private readonly targets: TargetPolicy,
    private readonly credentials: CredentialService,
  ) {}

  async get(workspaceId: string, id: string): Promise<IntegrationEntity> {
    const integration = isUuid(id) ? await this.db.getRepository(IntegrationEntity).findOneBy({ id, workspaceId }) : null;
    if (!integration) throw new ConduitError('NOT_FOUND', `No integration with id ${id} in this workspace.`);
    return integration;
  }

  list(workspaceId: string): Promise<IntegrationEntity[]> {
    return this.db.getRepository(IntegrationEntity).find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
  }

  async create(workspaceId: string, input: IntegrationInput): Promise<IntegrationEntity> {
    const fields = this.validate(input);
    const repo = this.db.getRepository(IntegrationEntity);
    const saved = await repo.save(repo.create({ workspaceId, ...fields }));
    return this.get(workspaceId, saved.id);
  }

  /**
   * Replaces the integration's settings. Actions must still fit the new auth fields; stored
   * credential values follow the fields (moved between clear and encrypted storage when a field
   * changes type, dropped when a field is removed) in the same transaction.
   */
  async update(workspaceId: string, id: string, input: IntegrationInput): Promise<IntegrationEntity> {
    const integration = await this.get(workspaceId, id);
    const fields = this.validate(input);
    await this.db.transaction(async (tx) => {
      await this.assertActionsFit(tx, integration.id, fields.authFields);
      await tx.getRepository(IntegrationEntity).update({ id: integration.id }, fields as QueryDeepPartialEntity<IntegrationEntity>);
      await this.credentials.reshape(tx, { ...integration, ...fields });
    });
    return this.get(workspaceId, id);
  }

  /** Deletes the integration with its credentials and actions; the call log is kept. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const integration = await this.get(workspaceId, id);
    const actions: { id: string }[] = await this.db.query('SELECT id FROM actions WHERE integration_id = $1', [integration.id]);
    await assertNoAutomationCalls(this.db, actions.map((a) => a.id), `An action of integration "${integration.name}"`);
    await assertNoFlowCalls(this.db, actions.map((a) => a.id), `An action of integration "${integration.name}"`);
    await this.db.getRepository(IntegrationEntity).delete({ id: integration.id });
    return true;
  }

  toType(integration: IntegrationEntity, role: Role): IntegrationType {
    return {
      id: integration.id,
      workspaceId: integration.workspaceId,
      name: integration.name,
      description: integration.description,
      logoUrl: integration.logoUrl,
      authScheme: integration.authScheme,
      authFields: integration.authFields.map((f) => ({ ...f })),
      testRequest: integration.testRequest ? toTemplateType(integration.testRequest, role) : null,
      createdAt: integration.createdAt,
      updatedAt: integration.updatedAt,
    };
  }

  private validate(input: IntegrationInput): Pick<IntegrationEntity, 'name' | 'description' | 'logoUrl' | 'authScheme' | 'authFields' | 'testRequest'> {
    const authFields = validateAuthFields(input.authScheme, input.authFields ?? []);
    let testRequest: StoredRequestTemplate | null = null;
    if (input.testRequest) {
      testRequest = validateRequestTemplate(input.testRequest, {
        field: 'testRequest',
        roots: ['credential'],
        declared: { credential: authFields.map((f) => f.identifier) },
        targets: this.targets,
      });
    }
    return {
      name: requiredText(input.name, 'name', 'The integration name'),
      description: optionalText(input.description, 'description', 'The description', 2000),
      logoUrl: validateLogoUrl(input.logoUrl),
      authScheme: input.authScheme,
      authFields,
      testRequest,
    };
  }

  /** Refuses new auth fields that an existing action's template still refers to. */
  private async assertActionsFit(tx: EntityManager, integrationId: string, authFields: StoredAuthField[]): Promise<void> {
    const actions = await tx.getRepository(ActionEntity).find({ where: { integrationId }, order: { createdAt: 'ASC' } });
    for (const action of actions) {
      try {
        checkRequestTemplate(action.request, ['input', 'credential'], {
          declared: { input: action.inputs.map((i) => i.key), credential: authFields.map((f) => f.identifier) },
        });
      } catch (error) {
        const cause = prefixField(error, 'authFields');
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new ConduitError('BAD_USER_INPUT', `Action "${action.name}" would no longer work with these auth fields: ${message} Update the action first.`, {
          field: 'authFields',
          actionId: action.id,
        });
      }
    }
  }
}

function validateAuthFields(scheme: AuthScheme, input: AuthFieldInput[]): StoredAuthField[] {
  if (input.length > MAX_AUTH_FIELDS) {
    throw new ConduitError('BAD_USER_INPUT', `At most ${MAX_AUTH_FIELDS} auth fields are allowed.`, { field: 'authFields' });
  }
  const seen = new Set<string>();
  const fields = input.map((f, index): StoredAuthField => {
    const identifier = f.identifier.trim();
    assertIdentifier(identifier, 'Auth field identifier', `authFields[${index}].identifier`);
    if (seen.has(identifier)) {
      throw new ConduitError('BAD_USER_INPUT', `Auth field identifier "${identifier}" is used twice; identifiers are unique per integration.`, {
        field: `authFields[${index}].identifier`,
      });
    }
    seen.add(identifier);
    return { identifier, name: optionalText(f.name, `authFields[${index}].name`, 'An auth field name', 200), type: f.type, required: f.required };
  });
  switch (scheme) {
    case 'NONE':
      if (fields.length > 0) {
        throw new ConduitError('BAD_USER_INPUT', 'The NONE auth scheme takes no auth fields; use API_KEY to place credential values in headers or the query.', { field: 'authFields' });
      }
      break;
    case 'API_KEY':
      break;
    case 'BASIC':
      if (!seen.has('username') && !seen.has('password')) {
        throw new ConduitError('BAD_USER_INPUT', 'The BASIC auth scheme sends base64(username:password): add auth fields with the identifiers "username" and "password".', { field: 'authFields' });
      }
      break;
    case 'BEARER':
      if (!bearerField(fields)) {
        throw new ConduitError('BAD_USER_INPUT', 'The BEARER auth scheme sends the auth field "token" (or the first PASSWORD field): add one.', { field: 'authFields' });
      }
      break;
    default:
      assertNever(scheme);
  }
  return fields;
}

function validateLogoUrl(value: string | null | undefined): string | null {
  const text = optionalText(value, 'logoUrl', 'The logo URL', 2048);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConduitError('BAD_USER_INPUT', 'The logo URL is not a valid URL.', { field: 'logoUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConduitError('BAD_USER_INPUT', 'The logo URL must start with https:// or http://.', { field: 'logoUrl' });
  }
  return text;
}

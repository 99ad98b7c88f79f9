import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ConduitError, isPlainObject, type Role } from '@conduit/shared';
import { REDACTED, type MasterKeyring } from '@conduit/engine';
import { isUuid } from '../events/event.service';
import { CredentialEntity } from './credential.entity';
import type { CredentialInput, CredentialType } from './credential.types';
import type { IntegrationEntity } from './integration.entity';
import { requiredText } from './request-template';

const MAX_VALUE_CHARS = 8192;

type Values = Record<string, string>;

/**
 * Credentials of an integration. PASSWORD values are encrypted with the master key (AES-256-GCM,
 * bound to workspace, credential and field), decrypted only at send time, never returned.
 */
export class CredentialService {
  constructor(
    private readonly db: DataSource,
    private readonly keyring: MasterKeyring,
  ) {}

  /** Associated data binding a stored PASSWORD value to its workspace, credential and field. */
  static secretAad(workspaceId: string, credentialId: string, identifier: string): string {
    return `workspace:${workspaceId}/credential:${credentialId}/field:${identifier}`;
  }

  async get(workspaceId: string, id: string): Promise<CredentialEntity> {
    const credential = isUuid(id) ? await this.db.getRepository(CredentialEntity).findOneBy({ id, workspaceId }) : null;
    if (!credential) throw new ConduitError('NOT_FOUND', `No credential with id ${id} in this workspace.`);
    return credential;
  }

  listForIntegration(integrationId: string): Promise<CredentialEntity[]> {
    return this.db.getRepository(CredentialEntity).find({ where: { integrationId }, order: { createdAt: 'ASC' } });
  }

  async create(integration: IntegrationEntity, input: CredentialInput): Promise<CredentialEntity> {
    const name = requiredText(input.name, 'name', 'The credential name');
    const values = mergeValues(integration, {}, input.values);
    const id = randomUUID();
    const repo = this.db.getRepository(CredentialEntity);
    await repo.insert({ id, workspaceId: integration.workspaceId, integrationId: integration.id, name, ...this.store(integration, id, values) });
    return repo.findOneByOrFail({ id });
  }

  /** Replaces the name and the values given; a PASSWORD field left out (or sent masked) keeps its value. */
  async update(integration: IntegrationEntity, credential: CredentialEntity, input: CredentialInput): Promise<CredentialEntity> {
    const name = requiredText(input.name, 'name', 'The credential name');
    const values = mergeValues(integration, this.reveal(integration, credential), input.values);
    await this.db.getRepository(CredentialEntity).update({ id: credential.id }, { name, ...this.store(integration, credential.id, values) });
    return this.db.getRepository(CredentialEntity).findOneByOrFail({ id: credential.id });
  }

  async delete(credential: CredentialEntity): Promise<boolean> {
    await this.db.transaction(async (tx) => {
      // The foreign key clears automations.credential_id: their rows are locked first, in id
      // order, as a write-back updating their health locks them (else the two could deadlock).
      await tx.query('SELECT id FROM automations WHERE credential_id = $1 ORDER BY id FOR NO KEY UPDATE', [credential.id]);
      await tx.getRepository(CredentialEntity).delete({ id: credential.id });
    });
    return true;
  }

  /**
   * The plaintext values of a credential, keyed by auth field identifier, for rendering a request
   * at send time. Never log or return them.
   */
  reveal(integration: Pick<IntegrationEntity, 'authFields'>, credential: CredentialEntity): Values {
    const values: Values = {};
    for (const [identifier, value] of Object.entries(credential.textValues)) values[identifier] = value;
    for (const [identifier, ciphertext] of Object.entries(credential.secretValues)) {
      values[identifier] = this.keyring.decrypt(ciphertext, CredentialService.secretAad(credential.workspaceId, credential.id, identifier));
    }
    const declared = new Set(integration.authFields.map((f) => f.identifier));
    for (const identifier of Object.keys(values)) if (!declared.has(identifier)) delete values[identifier];
    return values;
  }

  /** The PASSWORD values among revealed ones: what must be redacted wherever a request is shown. */
  static secretsOf(integration: Pick<IntegrationEntity, 'authFields'>, values: Values): string[] {
    return integration.authFields.filter((f) => f.type === 'PASSWORD' && values[f.identifier]).map((f) => values[f.identifier]);
  }

  /**
   * Re-stores every credential of an integration after its auth fields changed: values move
   * between clear and encrypted storage with their field's type; removed fields are dropped.
   */
  async reshape(tx: EntityManager, integration: IntegrationEntity): Promise<void> {
    const repo = tx.getRepository(CredentialEntity);
    for (const credential of await repo.find({ where: { integrationId: integration.id } })) {
      const values = this.reveal(integration, credential);
      await repo.update({ id: credential.id }, this.store(integration, credential.id, values));
    }
  }

  /** The GraphQL view: PASSWORD values masked; for viewers every value is masked. */
  toType(integration: Pick<IntegrationEntity, 'authFields'>, credential: CredentialEntity, role: Role): CredentialType {
    const values: Values = {};
    for (const field of integration.authFields) {
      const stored = field.identifier in credential.secretValues || field.identifier in credential.textValues;
      if (!stored) continue;
      values[field.identifier] = field.type === 'PASSWORD' || role === 'VIEWER' ? REDACTED : credential.textValues[field.identifier];
    }
    return {
      id: credential.id,
      workspaceId: credential.workspaceId,
      integrationId: credential.integrationId,
      name: credential.name,
      values,
      createdAt: credential.createdAt,
      updatedAt: credential.updatedAt,
    };
  }

  private store(integration: IntegrationEntity, credentialId: string, values: Values): Pick<CredentialEntity, 'textValues' | 'secretValues'> {
    const textValues: Values = {};
    const secretValues: Values = {};
    for (const field of integration.authFields) {
      const value = values[field.identifier];
      if (value === undefined) continue;
      if (field.type === 'PASSWORD') {
        secretValues[field.identifier] = this.keyring.encrypt(value, CredentialService.secretAad(integration.workspaceId, credentialId, field.identifier));
      } else {
        textValues[field.identifier] = value;
      }
    }
    return { textValues, secretValues };
  }
}

/**
 * Applies `input` (an object of identifier → string) over `current` and checks the result against
 * the auth fields: unknown identifiers refused, required fields present and non-empty. A value left
 * out (or a PASSWORD sent as the mask "••••") keeps the current one; null or "" clears an optional field.
 */
function mergeValues(integration: IntegrationEntity, current: Values, input: unknown): Values {
  if (!isPlainObject(input)) {
    throw new ConduitError('BAD_USER_INPUT', 'values must be a JSON object of auth field identifier → value, e.g. {"api_key": "…"}.', { field: 'values' });
  }
  const fields = new Map(integration.authFields.map((f) => [f.identifier, f]));
  const unknown = Object.keys(input).filter((key) => !fields.has(key));
  if (unknown.length > 0) {
    const known = [...fields.keys()];
    throw new ConduitError(
      'BAD_USER_INPUT',
      `Unknown auth field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; this integration's fields are: ${known.join(', ') || 'none'}.`,
      { field: 'values' },
    );
  }
  const merged: Values = {};
  for (const field of integration.authFields) {
    const given = input[field.identifier];
    const path = `values.${field.identifier}`;
    let value: string | undefined;
    if (given === undefined || (field.type === 'PASSWORD' && given === REDACTED)) value = current[field.identifier];
    else if (given === null || given === '') value = undefined;
    else if (typeof given !== 'string') {
      throw new ConduitError('BAD_USER_INPUT', `The value of "${field.identifier}" must be a string.`, { field: path });
    } else if (given.length > MAX_VALUE_CHARS) {
      throw new ConduitError('BAD_USER_INPUT', `The value of "${field.identifier}" is longer than ${MAX_VALUE_CHARS} characters.`, { field: path });
    } else value = given;
    if (value === undefined && field.required) {
      throw new ConduitError('BAD_USER_INPUT', `"${field.name ?? field.identifier}" (${field.identifier}) is required.`, { field: path });
    }
    if (value !== undefined) merged[field.identifier] = value;
  }
  return merged;
}

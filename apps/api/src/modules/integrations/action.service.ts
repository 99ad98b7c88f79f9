import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ConduitError, type Role } from '@conduit/shared';
import { DEFAULT_RETRY_POLICY, parseOutputPath, validateRetryPolicy, type TargetPolicy } from '@conduit/engine';
import { isUuid } from '../events/event.service';
import { assertNoAutomationCalls } from '../automations/automation.service';
import { assertNoFlowCalls } from '../flows/flow.service';
import { ActionEntity, type StoredActionInput, type StoredActionOutput } from './action.entity';
import type { ActionDefinitionInput, ActionInputFieldInput, ActionOutputFieldInput } from './action.inputs';
import type { ActionType } from './action.types';
import type { IntegrationEntity } from './integration.entity';
import { assertIdentifier, optionalText, requiredText, toTemplateType, validateRequestTemplate } from './request-template';

const MAX_FIELDS = 50;

type ActionFields = Pick<ActionEntity, 'name' | 'description' | 'inputs' | 'request' | 'outputs' | 'retrySchedule' | 'timeoutMs'>;

/** Actions of an integration: typed inputs, a request template, typed outputs, a retry policy. */
export class ActionService {
  constructor(
    private readonly db: DataSource,
    private readonly targets: TargetPolicy,
  ) {}

  async get(workspaceId: string, id: string): Promise<ActionEntity> {
    const action = isUuid(id) ? await this.db.getRepository(ActionEntity).findOneBy({ id, workspaceId }) : null;
    if (!action) throw new ConduitError('NOT_FOUND', `No action with id ${id} in this workspace.`);
    return action;
  }

  listForIntegration(integrationId: string): Promise<ActionEntity[]> {
    return this.db.getRepository(ActionEntity).find({ where: { integrationId }, order: { createdAt: 'ASC' } });
  }

  async create(integration: IntegrationEntity, input: ActionDefinitionInput): Promise<ActionEntity> {
    const fields = this.validate(integration, input);
    const repo = this.db.getRepository(ActionEntity);
    const saved = await repo.save(repo.create({ workspaceId: integration.workspaceId, integrationId: integration.id, ...fields }));
    return this.get(integration.workspaceId, saved.id);
  }

  async update(integration: IntegrationEntity, action: ActionEntity, input: ActionDefinitionInput): Promise<ActionEntity> {
    const fields = this.validate(integration, input);
    await this.db.getRepository(ActionEntity).update({ id: action.id }, fields as QueryDeepPartialEntity<ActionEntity>);
    return this.get(action.workspaceId, action.id);
  }

  /** Deletes the action; its calls stay in the delivery log. CONFLICT while automations call it. */
  async delete(action: ActionEntity): Promise<boolean> {
    await assertNoAutomationCalls(this.db, [action.id], `Action "${action.name}"`);
    await assertNoFlowCalls(this.db, [action.id], `Action "${action.name}"`);
    await this.db.getRepository(ActionEntity).delete({ id: action.id });
    return true;
  }

  toType(action: ActionEntity, role: Role): ActionType {
    return {
      id: action.id,
      workspaceId: action.workspaceId,
      integrationId: action.integrationId,
      name: action.name,
      description: action.description,
      inputs: action.inputs.map((i) => ({ ...i })),
      request: toTemplateType(action.request, role),
      outputs: action.outputs.map((o) => ({ ...o })),
      retryPolicy: { schedule: action.retrySchedule ?? [...DEFAULT_RETRY_POLICY.schedule], timeoutMs: action.timeoutMs },
      createdAt: action.createdAt,
      updatedAt: action.updatedAt,
    };
  }

  private validate(integration: IntegrationEntity, input: ActionDefinitionInput): ActionFields {
    const inputs = validateInputs(input.inputs ?? []);
    const outputs = validateOutputs(input.outputs ?? []);
    const request = validateRequestTemplate(input.request, {
      field: 'request',
      roots: ['input', 'credential'],
      declared: { input: inputs.map((i) => i.key), credential: integration.authFields.map((f) => f.identifier) },
      targets: this.targets,
    });
    const policy = validateRetryPolicy({
      schedule: input.retryPolicy?.schedule ?? DEFAULT_RETRY_POLICY.schedule,
      timeoutMs: input.retryPolicy?.timeoutMs ?? DEFAULT_RETRY_POLICY.timeoutMs,
    });
    return {
      name: requiredText(input.name, 'name', 'The action name'),
      description: optionalText(input.description, 'description', 'The description', 2000),
      inputs,
      request,
      outputs,
      retrySchedule: input.retryPolicy?.schedule ? [...policy.schedule] : null,
      timeoutMs: policy.timeoutMs,
    };
  }
}

function validateInputs(list: ActionInputFieldInput[]): StoredActionInput[] {
  if (list.length > MAX_FIELDS) throw new ConduitError('BAD_USER_INPUT', `At most ${MAX_FIELDS} inputs are allowed.`, { field: 'inputs' });
  const seen = new Set<string>();
  return list.map((field, index) => {
    const key = field.key.trim();
    assertIdentifier(key, 'Input key', `inputs[${index}].key`);
    if (seen.has(key)) throw new ConduitError('BAD_USER_INPUT', `Input key "${key}" is used twice; input keys are unique per action.`, { field: `inputs[${index}].key` });
    seen.add(key);
    return { name: requiredText(field.name, `inputs[${index}].name`, 'An input name'), key, type: field.type, required: field.required };
  });
}

function validateOutputs(list: ActionOutputFieldInput[]): StoredActionOutput[] {
  if (list.length > MAX_FIELDS) throw new ConduitError('BAD_USER_INPUT', `At most ${MAX_FIELDS} outputs are allowed.`, { field: 'outputs' });
  const seen = new Set<string>();
  return list.map((field, index) => {
    const key = field.key.trim();
    try {
      parseOutputPath(key);
    } catch (error) {
      throw new ConduitError('BAD_USER_INPUT', error instanceof Error ? error.message : String(error), { field: `outputs[${index}].key` });
    }
    if (seen.has(key)) throw new ConduitError('BAD_USER_INPUT', `Output key "${key}" is used twice; output keys are unique per action.`, { field: `outputs[${index}].key` });
    seen.add(key);
    return { name: requiredText(field.name, `outputs[${index}].name`, 'An output name'), key, type: field.type, required: field.required };
  });
}

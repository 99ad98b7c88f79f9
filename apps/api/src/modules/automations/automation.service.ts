import { IsNull, type DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ConduitError, validateFilter, validatePattern } from '@conduit/shared';
import { checkTemplate, failOpenDeliveries } from '@conduit/engine';
import { isUuid, type EventService } from '../events/event.service';
import { deleteTargetKeepingLog } from '../deliveries/target-deletion';
import type { ActionEntity } from '../integrations/action.entity';
import type { ActionService } from '../integrations/action.service';
import type { CredentialService } from '../integrations/credential.service';
import type { StoredKeyValue } from '../integrations/integration.entity';
import { assertIdentifier, requiredText } from '../integrations/request-template';
import { AutomationEntity } from './automation.entity';
import type { AutomationInput } from './automation.inputs';
import type { AutomationType, ContextRecordType } from './automation.types';
import { ContextRecordEntity } from './context-record.entity';

const MAX_PATTERNS = 100;
const MAX_TEMPLATE_CHARS = 4096;

type AutomationFields = Pick<AutomationEntity, 'name' | 'events' | 'filter' | 'actionId' | 'credentialId' | 'inputs' | 'storeAs' | 'subject'>;

/**
 * Automations: an event pattern and filter that call an action with inputs mapped from the event,
 * optionally keeping the outputs as context records. Their deliveries go through the webhook
 * dispatcher; health and auto-disable are the webhooks'.
 */
export class AutomationService {
  constructor(
    private readonly db: DataSource,
    private readonly deps: { actions: ActionService; credentials: CredentialService; events: EventService },
  ) {}

  private repo() {
    return this.db.getRepository(AutomationEntity);
  }

  async get(workspaceId: string, id: string): Promise<AutomationEntity> {
    const automation = isUuid(id) ? await this.repo().findOneBy({ id, workspaceId, deletingAt: IsNull() }) : null;
    if (!automation) throw new ConduitError('NOT_FOUND', `No automation with id ${id} in this workspace.`);
    return automation;
  }

  list(workspaceId: string): Promise<AutomationEntity[]> {
    return this.repo().find({ where: { workspaceId, deletingAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  async create(workspaceId: string, input: AutomationInput): Promise<AutomationEntity> {
    const fields = await this.validate(workspaceId, input);
    const repo = this.repo();
    const saved = await repo.save(repo.create({ workspaceId, ...fields }));
    await this.deps.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, saved.id);
  }

  async update(workspaceId: string, id: string, input: AutomationInput): Promise<AutomationEntity> {
    const automation = await this.get(workspaceId, id);
    const fields = await this.validate(workspaceId, input);
    await this.repo().update({ id: automation.id }, fields as QueryDeepPartialEntity<AutomationEntity>);
    await this.deps.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, id);
  }

  /** Deletes the automation; its open deliveries are CANCELLED, its context records and log are kept. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const automation = await this.get(workspaceId, id);
    await deleteTargetKeepingLog(this.db, 'automation', automation.id, { onHidden: () => this.deps.events.announceConfigChange(workspaceId) });
    return true;
  }

  /** Re-enables and resets health. */
  async enable(workspaceId: string, id: string): Promise<AutomationEntity> {
    const automation = await this.get(workspaceId, id);
    await this.repo().update(
      { id: automation.id },
      { enabled: true, health: 'HEALTHY', consecutiveFailures: 0, failingSince: null, recentOutcomes: '', disabledReason: null, disabledAt: null },
    );
    await this.deps.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, id);
  }

  async disable(workspaceId: string, id: string): Promise<AutomationEntity> {
    const automation = await this.get(workspaceId, id);
    await this.db.transaction(async (tx) => {
      await tx.getRepository(AutomationEntity).update(
        { id: automation.id },
        {
          enabled: false,
          health: 'DISABLED',
          disabledReason: automation.enabled ? 'Disabled by a user.' : automation.disabledReason,
          disabledAt: automation.disabledAt ?? new Date(),
        },
      );
      await failOpenDeliveries(tx, [automation.id], 'Automation disabled', 'automation');
    });
    await this.deps.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, id);
  }

  /** Every context record kept about a subject, by name. */
  async contextData(workspaceId: string, subject: string): Promise<ContextRecordType[]> {
    const records = await this.db.getRepository(ContextRecordEntity).find({ where: { workspaceId, subject }, order: { name: 'ASC' } });
    return records.map((r) => ({ subject: r.subject, name: r.name, data: r.data, updatedAt: r.updatedAt }));
  }

  toType(automation: AutomationEntity): AutomationType {
    return {
      id: automation.id,
      workspaceId: automation.workspaceId,
      name: automation.name,
      events: automation.events,
      filter: automation.filter ?? null,
      actionId: automation.actionId,
      credentialId: automation.credentialId,
      inputs: automation.inputs.map((i) => ({ key: i.key, value: i.value })),
      storeAs: automation.storeAs,
      subject: automation.subject,
      enabled: automation.enabled,
      health: automation.enabled ? automation.health : 'DISABLED',
      consecutiveFailures: automation.consecutiveFailures,
      disabledReason: automation.disabledReason,
      disabledAt: automation.disabledAt,
      createdAt: automation.createdAt,
      updatedAt: automation.updatedAt,
    };
  }

  private async validate(workspaceId: string, input: AutomationInput): Promise<AutomationFields> {
    const name = requiredText(input.name, 'name', 'The automation name');
    const events = input.events ?? [];
    if (events.length === 0 || events.length > MAX_PATTERNS) {
      throw new ConduitError('BAD_USER_INPUT', `Trigger on 1 to ${MAX_PATTERNS} event patterns, e.g. ["ticket.created"] or ["ticket.*"].`, { field: 'events' });
    }
    events.forEach((p) => validatePattern(p));
    if (input.filter !== undefined && input.filter !== null) validateFilter(input.filter);
    const action = await this.deps.actions.get(workspaceId, input.actionId);
    let credentialId: string | null = null;
    if (input.credentialId) {
      const credential = await this.deps.credentials.get(workspaceId, input.credentialId);
      if (credential.integrationId !== action.integrationId) {
        throw new ConduitError('BAD_USER_INPUT', `Credential "${credential.name}" belongs to another integration; use a credential of the action's integration.`, {
          field: 'credentialId',
        });
      }
      credentialId = credential.id;
    }
    const inputs = validateMappings(action, input.inputs ?? []);
    let storeAs: string | null = null;
    let subject: string | null = null;
    if (input.storeAs !== undefined && input.storeAs !== null && input.storeAs.trim() !== '') {
      storeAs = input.storeAs.trim();
      assertIdentifier(storeAs, 'storeAs', 'storeAs');
      subject = (input.subject ?? '').trim();
      if (subject === '') {
        throw new ConduitError('BAD_USER_INPUT', 'With storeAs, set subject too: a template naming whose data it is, e.g. "{{ ticket.customer.email }}".', { field: 'subject' });
      }
      checkMappingTemplate(subject, { field: 'subject', label: 'subject' });
    } else if (input.subject) {
      throw new ConduitError('BAD_USER_INPUT', 'subject names whose data storeAs keeps; set storeAs too, or leave subject out.', { field: 'subject' });
    }
    return {
      name,
      events: [...new Set(events)],
      filter: (input.filter as Record<string, unknown> | null | undefined) ?? null,
      actionId: action.id,
      credentialId,
      inputs,
      storeAs,
      subject,
    };
  }
}

/**
 * Refuses (CONFLICT) to delete actions that automations call, naming the automations: the
 * database would refuse it too (ON DELETE RESTRICT), with a message nobody could act on.
 */
export async function assertNoAutomationCalls(db: Pick<DataSource, 'query'>, actionIds: string[], what: string): Promise<void> {
  if (actionIds.length === 0) return;
  const rows: { name: string }[] = await db.query('SELECT name FROM automations WHERE action_id = ANY($1::uuid[]) ORDER BY name LIMIT 6', [actionIds]);
  if (rows.length === 0) return;
  const names = rows.slice(0, 5).map((r) => JSON.stringify(r.name)).join(', ') + (rows.length > 5 ? ', …' : '');
  throw new ConduitError('CONFLICT', `${what} is called by automation${rows.length > 1 ? 's' : ''} ${names}; delete those automations or point them at another action first.`);
}

/** Input mappings: declared keys only, each once, every required input mapped, templates that parse. */
function validateMappings(action: ActionEntity, mappings: { key: string; value: string }[]): StoredKeyValue[] {
  const declared = new Map(action.inputs.map((i) => [i.key, i]));
  const seen = new Set<string>();
  const result = mappings.map((mapping, index) => {
    const key = mapping.key.trim();
    if (!declared.has(key)) {
      const known = [...declared.keys()];
      throw new ConduitError(
        'BAD_USER_INPUT',
        `Input "${key}" is not an input of action "${action.name}"; ${known.length > 0 ? `its inputs are ${known.map((k) => JSON.stringify(k)).join(', ')}` : 'it takes no inputs'}.`,
        { field: `inputs[${index}].key` },
      );
    }
    if (seen.has(key)) throw new ConduitError('BAD_USER_INPUT', `Input "${key}" is mapped twice.`, { field: `inputs[${index}].key` });
    seen.add(key);
    checkMappingTemplate(mapping.value, { field: `inputs[${index}].value`, label: `input "${key}"` });
    return { key, value: mapping.value };
  });
  const missing = action.inputs.filter((i) => i.required && !seen.has(i.key)).map((i) => JSON.stringify(i.key));
  if (missing.length > 0) {
    throw new ConduitError('BAD_USER_INPUT', `Action "${action.name}" requires input${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; map ${missing.length > 1 ? 'them' : 'it'} from the event, e.g. "{{ ticket.customer.email }}".`, {
      field: 'inputs',
    });
  }
  return result;
}

/** Templates over the event: any variable root (the payload decides), checked for syntax and size. */
function checkMappingTemplate(source: string, location: { field: string; label: string }): void {
  if (source.length > MAX_TEMPLATE_CHARS) {
    throw new ConduitError('BAD_USER_INPUT', `The template of ${location.label} is longer than ${MAX_TEMPLATE_CHARS} characters.`, { field: location.field });
  }
  checkTemplate(source, location);
}

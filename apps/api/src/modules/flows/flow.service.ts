import type { DataSource } from 'typeorm';
import { ConduitError, validatePattern } from '@conduit/shared';
import { checkTemplate, templateVariables } from '@conduit/engine';
import { isUuid, type EventService } from '../events/event.service';
import type { ActionEntity } from '../integrations/action.entity';
import type { ActionService } from '../integrations/action.service';
import type { CredentialService } from '../integrations/credential.service';
import type { StoredKeyValue } from '../integrations/integration.entity';
import { assertIdentifier, requiredText } from '../integrations/request-template';
import { FlowEntity, FlowRunEntity, type StoredFlowStep, type StoredStepRun } from './flow.entity';
import type { FlowInput, FlowRunType, FlowType } from './flow.types';

const MAX_STEPS = 50;
const MAX_PATTERNS = 100;
const MAX_TEMPLATE_CHARS = 4096;
const MAX_VARIABLES_BYTES = 256 * 1024;
/** flowRuns page sizes: `first` defaults to 20 and may be at most 100. */
export const FLOW_RUNS_PAGE = { default: 20, max: 100 } as const;

/** NOTIFY channels of flows: run state changes (`{"id","workspaceId","flowId"}`) and runs waiting for a worker. */
export const FLOW_CHANNELS = { runs: 'conduit_flow_runs', start: 'conduit_flow_start' } as const;

/** The initial state of a run's steps. */
export function initialStepRuns(plan: StoredFlowStep[]): StoredStepRun[] {
  return plan.map((s) => ({ key: s.key, status: 'PENDING', outputs: null, error: null, attempts: 0 }));
}

/**
 * Flows: ordered steps, each an action call with input mappings over the flow variables (at the
 * template root) and the outputs of earlier steps (`steps.<key>.<output>`), STOP or CONTINUE on
 * failure. Runs are inserted PENDING and started by a worker (FlowRunner).
 */
export class FlowService {
  constructor(
    private readonly db: DataSource,
    private readonly deps: { actions: ActionService; credentials: CredentialService; events: EventService },
  ) {}

  private repo() {
    return this.db.getRepository(FlowEntity);
  }

  async get(workspaceId: string, id: string): Promise<FlowEntity> {
    const flow = isUuid(id) ? await this.repo().findOneBy({ id, workspaceId }) : null;
    if (!flow) throw new ConduitError('NOT_FOUND', `No flow with id ${id} in this workspace.`);
    return flow;
  }

  list(workspaceId: string): Promise<FlowEntity[]> {
    return this.repo().find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
  }

  async create(workspaceId: string, input: FlowInput): Promise<FlowEntity> {
    const fields = await this.validate(workspaceId, input);
    const repo = this.repo();
    const saved = await repo.save(repo.create({ workspaceId, ...fields }));
    await this.deps.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, saved.id);
  }

  async update(workspaceId: string, id: string, input: FlowInput): Promise<FlowEntity> {
    const flow = await this.get(workspaceId, id);
    const fields = await this.validate(workspaceId, input);
    await this.repo().update({ id: flow.id }, { name: fields.name, events: fields.events, steps: fields.steps as never });
    await this.deps.events.announceConfigChange(workspaceId);
    return this.get(workspaceId, id);
  }

  /** Deletes the flow and its runs; steps already scheduled find no run and do nothing. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const flow = await this.get(workspaceId, id);
    await this.repo().delete({ id: flow.id });
    await this.deps.events.announceConfigChange(workspaceId);
    return true;
  }

  async getRun(workspaceId: string, id: string): Promise<FlowRunEntity> {
    const run = isUuid(id) ? await this.db.getRepository(FlowRunEntity).findOneBy({ id, workspaceId }) : null;
    if (!run) throw new ConduitError('NOT_FOUND', `No flow run with id ${id} in this workspace.`);
    return run;
  }

  /** A flow's runs, newest first; NOT_FOUND for a flow of another workspace. */
  async listRuns(workspaceId: string, flowId: string, first: number | null | undefined): Promise<FlowRunEntity[]> {
    const limit = first ?? FLOW_RUNS_PAGE.default;
    if (!Number.isInteger(limit) || limit < 1 || limit > FLOW_RUNS_PAGE.max) {
      throw new ConduitError('BAD_USER_INPUT', `first must be from 1 to ${FLOW_RUNS_PAGE.max}; got ${limit}.`, { field: 'first' });
    }
    const flow = await this.get(workspaceId, flowId);
    return this.db.getRepository(FlowRunEntity).find({ where: { flowId: flow.id, workspaceId }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Inserts a PENDING run and wakes the workers, which start its first step. */
  async startRun(workspaceId: string, flowId: string, variables: unknown): Promise<FlowRunEntity> {
    const flow = await this.get(workspaceId, flowId);
    const vars = variables ?? {};
    if (typeof vars !== 'object' || Array.isArray(vars)) {
      throw new ConduitError('BAD_USER_INPUT', 'variables must be a JSON object, e.g. {"account_id": "ACC-1"}.', { field: 'variables' });
    }
    if (Buffer.byteLength(JSON.stringify(vars)) > MAX_VARIABLES_BYTES) {
      throw new ConduitError('BAD_USER_INPUT', 'variables are larger than 256 kB.', { field: 'variables' });
    }
    const rows: { id: string }[] = await this.db.transaction(async (tx) => {
      const inserted: { id: string }[] = await tx.query(
        `INSERT INTO flow_runs (workspace_id, flow_id, status, variables, plan, steps) VALUES ($1, $2, 'PENDING', $3::jsonb, $4::jsonb, $5::jsonb) RETURNING id`,
        [workspaceId, flow.id, JSON.stringify(vars), JSON.stringify(flow.steps), JSON.stringify(initialStepRuns(flow.steps))],
      );
      await tx.query('SELECT pg_notify($1, $2)', [FLOW_CHANNELS.start, '']);
      return inserted;
    });
    return this.getRun(workspaceId, rows[0].id);
  }

  toType(flow: FlowEntity): FlowType {
    return {
      id: flow.id,
      workspaceId: flow.workspaceId,
      name: flow.name,
      events: flow.events,
      steps: flow.steps.map((s) => ({
        key: s.key,
        name: s.name,
        inputs: s.inputs.map((i) => ({ key: i.key, value: i.value })),
        onFailure: s.onFailure,
        workspaceId: flow.workspaceId,
        actionId: s.actionId,
        credentialId: s.credentialId,
      })),
    };
  }

  runToType(run: FlowRunEntity): FlowRunType {
    return {
      id: run.id,
      workspaceId: run.workspaceId,
      flowId: run.flowId,
      status: run.status,
      variables: run.variables,
      steps: run.steps.map((s) => ({ key: s.key, status: s.status, outputs: s.outputs, error: s.error, attempts: s.attempts })),
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    };
  }

  private async validate(workspaceId: string, input: FlowInput): Promise<Pick<FlowEntity, 'name' | 'events' | 'steps'>> {
    const name = requiredText(input.name, 'name', 'The flow name');
    const events = input.events ?? [];
    if (events.length > MAX_PATTERNS) throw new ConduitError('BAD_USER_INPUT', `A flow starts on at most ${MAX_PATTERNS} event patterns.`, { field: 'events' });
    events.forEach((p) => validatePattern(p));
    if (input.steps.length === 0 || input.steps.length > MAX_STEPS) {
      throw new ConduitError('BAD_USER_INPUT', `A flow has 1 to ${MAX_STEPS} steps.`, { field: 'steps' });
    }
    const steps: StoredFlowStep[] = [];
    const earlier: string[] = [];
    for (const [index, step] of input.steps.entries()) {
      const field = `steps[${index}]`;
      const key = step.key.trim();
      assertIdentifier(key, 'Step key', `${field}.key`);
      if (earlier.includes(key)) throw new ConduitError('BAD_USER_INPUT', `Step key "${key}" is used twice; each step needs its own key.`, { field: `${field}.key` });
      const action = await this.deps.actions.get(workspaceId, step.actionId);
      let credentialId: string | null = null;
      if (step.credentialId) {
        const credential = await this.deps.credentials.get(workspaceId, step.credentialId);
        if (credential.integrationId !== action.integrationId) {
          throw new ConduitError('BAD_USER_INPUT', `Step "${key}": credential "${credential.name}" belongs to another integration; use a credential of the action's integration.`, {
            field: `${field}.credentialId`,
          });
        }
        credentialId = credential.id;
      }
      const inputs = validateMappings(action, step.inputs ?? [], key, field, earlier);
      steps.push({ key, name: step.name?.trim() || null, actionId: action.id, credentialId, inputs, onFailure: step.onFailure ?? 'STOP' });
      earlier.push(key);
    }
    return { name, events: [...new Set(events)], steps };
  }
}

/** Input mappings of one step: declared keys once each, required inputs mapped, templates over variables and earlier steps. */
function validateMappings(action: ActionEntity, mappings: { key: string; value: string }[], stepKey: string, field: string, earlier: readonly string[]): StoredKeyValue[] {
  const declared = new Map(action.inputs.map((i) => [i.key, i]));
  const seen = new Set<string>();
  const result = mappings.map((mapping, index) => {
    const key = mapping.key.trim();
    const at = `${field}.inputs[${index}]`;
    if (!declared.has(key)) {
      const known = [...declared.keys()];
      throw new ConduitError(
        'BAD_USER_INPUT',
        `Step "${stepKey}": input "${key}" is not an input of action "${action.name}"; ${known.length > 0 ? `its inputs are ${known.map((k) => JSON.stringify(k)).join(', ')}` : 'it takes no inputs'}.`,
        { field: `${at}.key` },
      );
    }
    if (seen.has(key)) throw new ConduitError('BAD_USER_INPUT', `Step "${stepKey}": input "${key}" is mapped twice.`, { field: `${at}.key` });
    seen.add(key);
    checkStepTemplate(mapping.value, { field: `${at}.value`, label: `input "${key}" of step "${stepKey}"` }, stepKey, earlier);
    return { key, value: mapping.value };
  });
  const missing = action.inputs.filter((i) => i.required && !seen.has(i.key)).map((i) => JSON.stringify(i.key));
  if (missing.length > 0) {
    throw new ConduitError(
      'BAD_USER_INPUT',
      `Step "${stepKey}": action "${action.name}" requires input${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; map ${missing.length > 1 ? 'them' : 'it'} from the flow variables or earlier steps, e.g. "{{ account_id }}".`,
      { field: `${field}.inputs` },
    );
  }
  return result;
}

/** Any variable root is a flow variable, except `steps` (earlier step keys only) and `context`. */
function checkStepTemplate(source: string, location: { field: string; label: string }, stepKey: string, earlier: readonly string[]): void {
  if (source.length > MAX_TEMPLATE_CHARS) {
    throw new ConduitError('BAD_USER_INPUT', `The template of ${location.label} is longer than ${MAX_TEMPLATE_CHARS} characters.`, { field: location.field });
  }
  checkTemplate(source, location);
  for (const { segments, variable } of templateVariables(source, location)) {
    if (segments[0] !== 'steps') continue;
    const ref = segments[1];
    const available = earlier.length > 0 ? `earlier steps: ${earlier.join(', ')}` : 'it is the first step, so no step outputs exist yet';
    if (typeof ref !== 'string') {
      throw new ConduitError('BAD_USER_INPUT', `${location.label}: "${variable}" must name an earlier step, e.g. "steps.<key>.<output>"; ${available}.`, {
        field: location.field,
        errorCode: 'TEMPLATE_ERROR',
      });
    }
    if (!earlier.includes(ref)) {
      const why = ref === stepKey ? 'is this step itself' : 'is not an earlier step';
      throw new ConduitError('BAD_USER_INPUT', `${location.label}: "${variable}" refers to step "${ref}", which ${why}; a step can only use outputs of the steps before it (${available}).`, {
        field: location.field,
        errorCode: 'TEMPLATE_ERROR',
      });
    }
  }
}

/**
 * Refuses (CONFLICT) to delete actions that flow steps call, naming the flows: steps keep the
 * action's id, and a flow whose action is gone could neither be shown nor run.
 */
export async function assertNoFlowCalls(db: Pick<DataSource, 'query'>, actionIds: string[], what: string): Promise<void> {
  if (actionIds.length === 0) return;
  const rows: { name: string }[] = await db.query(
    `SELECT name FROM flows f WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(f.steps) s WHERE s->>'actionId' = ANY($1::text[])) ORDER BY name LIMIT 6`,
    [actionIds],
  );
  if (rows.length === 0) return;
  const names = rows.slice(0, 5).map((r) => JSON.stringify(r.name)).join(', ') + (rows.length > 5 ? ', …' : '');
  throw new ConduitError('CONFLICT', `${what} is called by flow${rows.length > 1 ? 's' : ''} ${names}; delete those flows or point their steps at another action first.`);
}

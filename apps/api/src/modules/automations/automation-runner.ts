import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { ConduitError } from '@conduit/shared';
import {
  TemplateRun,
  coerceInputs,
  redactSecrets,
  renderText,
  renderValue,
  type AutomationAttempt,
  type ClaimedDelivery,
  type TypedValue,
} from '@conduit/engine';
import type { ActionCallService, CallCredential } from '../integrations/action-call.service';
import type { ActionService } from '../integrations/action.service';
import type { IntegrationService } from '../integrations/integration.service';
import { AutomationEntity } from './automation.entity';
import { ContextRecordEntity } from './context-record.entity';

/** Problems found before anything is sent: the same event would fail the same way again. */
const PRE_SEND_CODES = new Set(['INVALID_INPUT', 'TEMPLATE_ERROR', 'BAD_USER_INPUT']);

/**
 * Makes one attempt of an automation delivery for the dispatcher: renders the input mappings
 * over the event (the payload at the root, `event.type` / `event.id`, and `context.<name>` for the
 * subject), coerces them to the action's typed inputs, and calls the action through the shared
 * action pipeline (credential, SSRF-safe client, redaction, output extraction).
 */
export class AutomationRunner {
  constructor(
    private readonly deps: {
      db: DataSource;
      logger: Logger;
      actions: ActionService;
      integrations: IntegrationService;
      actionCalls: ActionCallService;
    },
  ) {}

  async run(delivery: ClaimedDelivery): Promise<AutomationAttempt> {
    const automation = await this.deps.db.getRepository(AutomationEntity).findOneBy({ id: delivery.targetId, workspaceId: delivery.workspaceId });
    if (!automation) return notSent(delivery, 'The automation no longer exists.', null);
    const action = await this.deps.actions.get(delivery.workspaceId, automation.actionId);
    const integration = await this.deps.integrations.get(delivery.workspaceId, action.integrationId);
    let credential: CallCredential = { credential: null, values: {}, secrets: [] };
    let subject: string | null = null;
    let inputs: Record<string, TypedValue>;
    try {
      credential = await this.deps.actionCalls.credentialFor(integration, automation.credentialId);
      const payload = JSON.parse(delivery.payloadJson) as Record<string, unknown>;
      const scope: Record<string, unknown> = { ...payload, event: { type: delivery.eventType, id: delivery.eventId }, context: {} };
      const run = TemplateRun.start();
      if (automation.storeAs && automation.subject) {
        subject = renderText(automation.subject, scope, { field: 'subject', label: 'subject' }, run).trim();
        if (subject === '') {
          throw new ConduitError('BAD_USER_INPUT', `The subject template ${JSON.stringify(automation.subject)} rendered empty for this event.`, { errorCode: 'TEMPLATE_ERROR', field: 'subject' });
        }
        scope.context = await this.contextOf(delivery.workspaceId, subject);
      }
      const values: Record<string, unknown> = {};
      automation.inputs.forEach((mapping, index) => {
        values[mapping.key] = renderValue(mapping.value, scope, { field: `inputs[${index}].value`, label: `input "${mapping.key}"` }, run);
      });
      inputs = coerceInputs(action.inputs, values);
    } catch (error) {
      if (!(error instanceof ConduitError) || !PRE_SEND_CODES.has(String(error.details?.errorCode ?? error.code))) throw error;
      // Without an errorCode it is the credential choice (none, or several to choose from).
      const code = String(error.details?.errorCode ?? 'CREDENTIAL_ERROR');
      return notSent(delivery, `${code}: ${redactSecrets(error.message, credential.secrets)}`, action.request);
    }

    const { result, attempt, status, retryAfterMs } = await this.deps.actionCalls.attemptOnce({ integration, action, credential, inputs });
    if (!attempt) return notSent(delivery, `${result.errorCode ?? 'TEMPLATE_ERROR'}: ${result.error ?? ''}`, action.request);
    this.deps.logger.debug({ automationId: automation.id, deliveryId: delivery.id, ok: result.ok, errorCode: result.errorCode }, 'automation called its action');
    return {
      outcome: attempt.outcome,
      status,
      durationMs: attempt.durationMs,
      retryAfterMs,
      request: { method: attempt.request.method, url: attempt.request.url, headers: attempt.request.headers, body: attempt.request.body ?? null },
      response: attempt.response,
      error: attempt.error,
      context: result.ok && automation.storeAs && subject !== null ? { subject, name: automation.storeAs, data: result.outputs } : null,
    };
  }

  /** The context records kept about a subject, by name: `{{ context.customer.name }}`. */
  private async contextOf(workspaceId: string, subject: string): Promise<Record<string, unknown>> {
    const records = await this.deps.db.getRepository(ContextRecordEntity).findBy({ workspaceId, subject });
    return Object.fromEntries(records.map((r) => [r.name, r.data]));
  }
}

/**
 * An attempt that sent nothing (the inputs or a template were refused for this event): logged with
 * the request as written and not retried. BLOCKED is the outcome for "Conduit did not send it".
 */
function notSent(delivery: ClaimedDelivery, error: string, request: { method: string; url: string } | null): AutomationAttempt {
  return {
    outcome: 'BLOCKED',
    durationMs: 0,
    request: { method: request?.method ?? 'GET', url: request?.url ?? delivery.target.url, headers: [], body: null },
    response: null,
    error,
    retryable: false,
  };
}

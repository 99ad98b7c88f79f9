import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { ConduitError, assertNever, type AttemptOutcome } from '@conduit/shared';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  classifyAttempt,
  coerceInputs,
  detectCandidates,
  extractOutputs,
  nextRetryDelayMs,
  parseResponseJson,
  redactSecrets,
  renderRequest,
  type HttpMethod,
  type HttpSender,
  type OutputCandidate,
  type TypedValue,
} from '@conduit/engine';
import type { StoredRequest } from '../deliveries/delivery.entity';
import type { ActionEntity } from './action.entity';
import type { ActionResultType, ActionTestResultType, ExchangeLogType, RequestTestResultType } from './action.types';
import { CallLog, storedRequest, storedResponse, toExchangeLog, type CallAttempt } from './call-log';
import type { CredentialEntity } from './credential.entity';
import { CredentialService } from './credential.service';
import { DEFAULT_EXECUTE_POLICY, IdempotencyKeys, callFingerprint, checkRateLimit, type ExecutePolicy } from './execute-guards';
import type { IntegrationEntity, StoredRequestTemplate } from './integration.entity';
import { authorizationFor, type IntegrationService } from './integration.service';

/** Methods that may be sent twice with the same effect: executeAction retries only these (or calls with an idempotency key). */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** Who is calling executeAction: the rate limit counts per caller. */
export interface ActionCaller {
  workspaceId: string;
  /** `apiKey:<id>` or `user:<id>`. */
  caller: string;
}

/** A request rendered for one call: what is sent, and what is logged (credential values redacted). */
interface PreparedRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  logged: StoredRequest;
}

/** The credential a call uses, revealed for rendering. */
export interface CallCredential {
  credential: CredentialEntity | null;
  values: Record<string, string>;
  /** PASSWORD values: redacted from everything stored or returned. */
  secrets: string[];
}

/** Everything one action call produced. */
interface CallOutcome {
  result: ActionResultType;
  attempts: CallAttempt[];
  /** The last exchange (or the would-be request when nothing was sent), for test results. */
  exchange: ExchangeLogType;
  candidates: OutputCandidate[];
}

type FailureCode = 'INVALID_INPUT' | 'TEMPLATE_ERROR';

/** One attempt of an action with typed inputs (automations): the result and what was sent, if anything. */
export interface SingleAttempt {
  result: ActionResultType;
  /** Null when nothing was sent: the inputs or a template were refused (result.errorCode says which). */
  attempt: CallAttempt | null;
  status?: number;
  retryAfterMs?: number;
}

/**
 * Runs integrations' requests: testCredential (the integration's test request), testAction (one
 * attempt, full exchange and output candidates) and executeAction (the bot's synchronous call:
 * only declared outputs, retries within the budget where safe, idempotency keys, a per-caller rate
 * limit). Every call is recorded in the delivery log with credential values redacted.
 */
export class ActionCallService {
  readonly policy: ExecutePolicy;
  private readonly log: CallLog;
  private readonly idempotency: IdempotencyKeys;

  constructor(
    private readonly deps: {
      db: DataSource;
      logger: Logger;
      sender: HttpSender;
      integrations: IntegrationService;
      credentials: CredentialService;
      policy?: Partial<ExecutePolicy>;
    },
  ) {
    this.policy = { ...DEFAULT_EXECUTE_POLICY, ...deps.policy };
    this.log = new CallLog(deps.db);
    this.idempotency = new IdempotencyKeys(deps.db, this.policy);
  }

  /** Sends the integration's test request with one credential and returns the whole exchange. */
  async testCredential(workspaceId: string, credentialId: string): Promise<RequestTestResultType> {
    const credential = await this.deps.credentials.get(workspaceId, credentialId);
    const integration = await this.deps.integrations.get(workspaceId, credential.integrationId);
    if (!integration.testRequest) {
      throw new ConduitError('BAD_USER_INPUT', `Integration "${integration.name}" has no test request; add one with updateIntegration to test its credentials.`, {
        field: 'testRequest',
      });
    }
    const values = this.deps.credentials.reveal(integration, credential);
    const target: CallCredential = { credential, values, secrets: CredentialService.secretsOf(integration, values) };
    const startedAt = new Date();
    let prepared: PreparedRequest;
    try {
      prepared = this.prepare(integration, integration.testRequest, { credential: values }, target, null);
    } catch (error) {
      const failure = this.preSendFailure(error, target.secrets);
      const deliveryId = await this.log.record({ workspaceId, integrationId: integration.id, actionId: null, startedAt, ok: false, error: failure.error, attempts: [] });
      this.deps.logger.info({ integrationId: integration.id, credentialId, deliveryId, errorCode: failure.code }, 'credential test could not be sent');
      return { ok: false, exchange: unsentExchange(integration.testRequest, failure.error) };
    }
    const attempt = await this.attempt(prepared, DEFAULT_TIMEOUT_MS, target.secrets);
    const ok = attempt.outcome === 'SUCCESS';
    const deliveryId = await this.log.record({ workspaceId, integrationId: integration.id, actionId: null, startedAt, ok, error: attempt.error, attempts: [attempt] });
    this.deps.logger.info({ integrationId: integration.id, credentialId, deliveryId, outcome: attempt.outcome, durationMs: attempt.durationMs }, 'credential tested');
    return { ok, exchange: toExchangeLog(attempt) };
  }

  /** One attempt now; returns the result, the exchange and the output candidates of the response. */
  async testAction(workspaceId: string, action: ActionEntity, credentialId: string | null | undefined, inputs: unknown): Promise<ActionTestResultType> {
    const outcome = await this.call({ workspaceId, action, credentialId, inputs, retries: false, idempotencyKey: null, deadline: Date.now() + action.timeoutMs });
    return { result: outcome.result, exchange: outcome.exchange, candidates: outcome.candidates.map((c) => ({ ...c })) };
  }

  /**
   * The bot's call: only declared outputs come back. Retries (within the budget) only for
   * idempotent methods or when an idempotency key is given; a repeated key returns the first result.
   */
  async execute(caller: ActionCaller, action: ActionEntity, credentialId: string | null | undefined, inputs: unknown, idempotencyKey: string | null | undefined): Promise<ActionResultType> {
    const deadline = Date.now() + this.policy.budgetMs;
    await checkRateLimit(this.deps.db, action.id, caller.caller, this.policy);
    if (idempotencyKey === null || idempotencyKey === undefined) {
      return (await this.call({ workspaceId: caller.workspaceId, action, credentialId, inputs, retries: true, idempotencyKey: null, deadline })).result;
    }
    const claim = await this.idempotency.claim(action.id, idempotencyKey, callFingerprint(credentialId ?? null, inputs), deadline);
    if (claim.kind === 'replay') return claim.result;
    try {
      const { result } = await this.call({ workspaceId: caller.workspaceId, action, credentialId, inputs, retries: true, idempotencyKey, deadline });
      await this.idempotency.complete(action.id, idempotencyKey, result);
      return result;
    } catch (error) {
      await this.idempotency.release(action.id, idempotencyKey);
      throw error;
    }
  }

  private async call(options: {
    workspaceId: string;
    action: ActionEntity;
    credentialId: string | null | undefined;
    inputs: unknown;
    retries: boolean;
    idempotencyKey: string | null;
    deadline: number;
  }): Promise<CallOutcome> {
    const { workspaceId, action } = options;
    const integration = await this.deps.integrations.get(workspaceId, action.integrationId);
    const target = await this.credentialFor(integration, options.credentialId);
    const started = Date.now();
    const startedAt = new Date(started);
    let prepared: PreparedRequest;
    try {
      const input = coerceInputs(action.inputs, options.inputs);
      prepared = this.prepare(integration, action.request, { input, credential: target.values }, target, options.idempotencyKey);
    } catch (error) {
      const failure = this.preSendFailure(error, target.secrets);
      const deliveryId = await this.log.record({ workspaceId, integrationId: integration.id, actionId: action.id, startedAt, ok: false, error: failure.error, attempts: [] });
      this.deps.logger.info({ actionId: action.id, deliveryId, errorCode: failure.code }, 'action call could not be sent');
      return {
        result: { ok: false, status: null, outputs: {}, errorCode: failure.code, error: failure.error, durationMs: Date.now() - started },
        attempts: [],
        exchange: unsentExchange(action.request, failure.error),
        candidates: [],
      };
    }

    const retrySafe = options.retries && (IDEMPOTENT_METHODS.has(prepared.method) || options.idempotencyKey !== null);
    const schedule = action.retrySchedule ?? DEFAULT_RETRY_POLICY.schedule;
    const attempts: CallAttempt[] = [];
    let exchangeBody: string | undefined;
    for (;;) {
      const timeoutMs = Math.max(1, Math.min(action.timeoutMs, options.deadline - Date.now()));
      const { attempt, body, retryAfterMs, status } = await this.send(prepared, timeoutMs, target.secrets);
      attempts.push(attempt);
      exchangeBody = body;
      if (attempt.outcome === 'SUCCESS' || !retrySafe || !classifyAttempt(attempt.outcome, status).retryable) break;
      const delay = nextRetryDelayMs({ schedule, attemptNumber: attempts.length, retryAfterMs });
      // Give up when the wait and a useful attempt no longer fit in what is left of the budget.
      if (delay === null || Date.now() + delay + MIN_TIMEOUT_MS > options.deadline) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      attempt.nextAttemptAt = new Date();
    }

    const last = attempts[attempts.length - 1];
    const { result, json } = this.conclude(action, last, exchangeBody, target.secrets, started);
    const deliveryId = await this.log.record({ workspaceId, integrationId: integration.id, actionId: action.id, startedAt, ok: result.ok, error: result.error, attempts });
    this.deps.logger.info(
      { actionId: action.id, deliveryId, ok: result.ok, errorCode: result.errorCode, attempts: attempts.length, durationMs: result.durationMs },
      'action called',
    );
    const candidates = json === undefined ? [] : detectCandidates(json).map((c) => ({ ...c, sample: redactValue(c.sample, target.secrets) }));
    return { result, attempts, exchange: toExchangeLog(last), candidates };
  }

  /**
   * One attempt of an action with already typed inputs and a resolved credential: render, send
   * once, extract the declared outputs. Nothing is logged here: the caller (the dispatcher, for
   * automations) records the attempt with its delivery. Never throws for input, template or
   * network problems: they come back as a failed result.
   */
  async attemptOnce(options: {
    integration: IntegrationEntity;
    action: ActionEntity;
    credential: CallCredential;
    inputs: Record<string, TypedValue>;
    timeoutMs?: number;
  }): Promise<SingleAttempt> {
    const { integration, action, credential } = options;
    const started = Date.now();
    let prepared: PreparedRequest;
    try {
      prepared = this.prepare(integration, action.request, { input: options.inputs, credential: credential.values }, credential, null);
    } catch (error) {
      const failure = this.preSendFailure(error, credential.secrets);
      return { result: { ok: false, status: null, outputs: {}, errorCode: failure.code, error: failure.error, durationMs: Date.now() - started }, attempt: null };
    }
    const { attempt, body, retryAfterMs, status } = await this.send(prepared, options.timeoutMs ?? action.timeoutMs, credential.secrets);
    const { result } = this.conclude(action, attempt, body, credential.secrets, started);
    return { result, attempt, status, retryAfterMs };
  }

  /** The result of a call from its last attempt: declared outputs extracted, a response that lacks them marked INVALID_RESPONSE. */
  private conclude(action: ActionEntity, last: CallAttempt, body: string | undefined, secrets: readonly string[], started: number): { result: ActionResultType; json: unknown } {
    const json = last.outcome === 'SUCCESS' ? parseResponseJson(body) : undefined;
    const result: ActionResultType = {
      ok: last.outcome === 'SUCCESS',
      status: last.response?.status ?? null,
      outputs: {},
      errorCode: last.outcome === 'SUCCESS' ? null : errorCodeOf(last.outcome),
      error: last.error,
      durationMs: Date.now() - started,
    };
    if (result.ok) {
      const extraction = extractOutputs(json, action.outputs);
      result.outputs = redactValues(extraction.outputs, secrets);
      if (!extraction.ok) {
        Object.assign(result, { ok: false, errorCode: extraction.errorCode, error: extraction.error });
        // The exchange worked but did not give what the action promises: log it as such.
        Object.assign(last, { outcome: 'INVALID_RESPONSE' satisfies AttemptOutcome, error: extraction.error });
      }
    }
    return { result, json };
  }

  /** The credential of a call: the one named (of this integration), else the integration's only one. */
  async credentialFor(integration: IntegrationEntity, credentialId: string | null | undefined): Promise<CallCredential> {
    let credential: CredentialEntity | null = null;
    if (credentialId) {
      credential = await this.deps.credentials.get(integration.workspaceId, credentialId);
      if (credential.integrationId !== integration.id) {
        throw new ConduitError('BAD_USER_INPUT', `Credential "${credential.name}" belongs to another integration; use one of "${integration.name}".`, { field: 'credentialId' });
      }
    } else if (integration.authFields.length > 0) {
      const all = await this.deps.credentials.listForIntegration(integration.id);
      if (all.length === 0) {
        throw new ConduitError('BAD_USER_INPUT', `Integration "${integration.name}" has no credential yet; create one with createCredential.`, { field: 'credentialId' });
      }
      if (all.length > 1) {
        throw new ConduitError('BAD_USER_INPUT', `Integration "${integration.name}" has ${all.length} credentials; pass credentialId to choose one.`, { field: 'credentialId' });
      }
      credential = all[0];
    }
    if (!credential) return { credential: null, values: {}, secrets: [] };
    const values = this.deps.credentials.reveal(integration, credential);
    return { credential, values, secrets: CredentialService.secretsOf(integration, values) };
  }

  /** Renders the template and adds what the auth scheme and the call need (Authorization, Idempotency-Key). */
  private prepare(
    integration: IntegrationEntity,
    template: StoredRequestTemplate,
    scope: Record<string, unknown>,
    target: CallCredential,
    idempotencyKey: string | null,
  ): PreparedRequest {
    const rendered = renderRequest(template, scope, { secrets: target.secrets });
    const headers = [...rendered.headers];
    const logged = [...rendered.redacted.headers];
    const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
    const authorization = authorizationFor(integration.authScheme, integration.authFields, target.values);
    if (authorization !== null && !has('authorization')) {
      headers.push(['Authorization', authorization]);
      logged.push(['Authorization', redactSecrets(authorization, target.secrets)]);
    }
    if (idempotencyKey !== null && !has('idempotency-key')) {
      headers.push(['Idempotency-Key', idempotencyKey]);
      logged.push(['Idempotency-Key', idempotencyKey]);
    }
    const record: Record<string, string> = {};
    for (const [name, value] of headers) {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
      record[key] = key in record ? `${record[key]}, ${value}` : value;
    }
    return {
      method: rendered.method,
      url: rendered.url,
      headers: record,
      body: rendered.body,
      logged: storedRequest({ method: rendered.method, url: rendered.redacted.url, headers: logged, body: rendered.redacted.body }),
    };
  }

  private async send(prepared: PreparedRequest, timeoutMs: number, secrets: readonly string[]) {
    const startedAt = new Date();
    const exchange = await this.deps.sender.send({ method: prepared.method, url: prepared.url, headers: prepared.headers, body: prepared.body, timeoutMs });
    const attempt: CallAttempt = {
      startedAt,
      durationMs: exchange.durationMs,
      outcome: exchange.outcome,
      request: prepared.logged,
      response: storedResponse(exchange, secrets),
      error: exchange.error === undefined ? null : redactSecrets(exchange.error, secrets),
      nextAttemptAt: null,
    };
    return { attempt, body: exchange.body, retryAfterMs: exchange.retryAfterMs, status: exchange.status };
  }

  private attempt(prepared: PreparedRequest, timeoutMs: number, secrets: readonly string[]): Promise<CallAttempt> {
    return this.send(prepared, timeoutMs, secrets).then((sent) => sent.attempt);
  }

  /** Input and template problems become a failed result; anything else is not the caller's doing. */
  private preSendFailure(error: unknown, secrets: readonly string[]): { code: FailureCode; error: string } {
    const code = error instanceof ConduitError ? error.details?.errorCode : undefined;
    if (code === 'INVALID_INPUT' || code === 'TEMPLATE_ERROR') return { code, error: redactSecrets((error as Error).message, secrets) };
    throw error;
  }
}

/** A credential value the target echoed into an output or a sample is not handed out either. */
function redactValue<T>(value: T, secrets: readonly string[]): T | string {
  return typeof value === 'string' && secrets.length > 0 ? redactSecrets(value, secrets) : value;
}

function redactValues(values: Record<string, TypedValue>, secrets: readonly string[]): Record<string, TypedValue> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, redactValue(value, secrets)]));
}

function errorCodeOf(outcome: Exclude<AttemptOutcome, 'SUCCESS'>): string {
  switch (outcome) {
    case 'HTTP_ERROR':
    case 'TIMEOUT':
    case 'NETWORK_ERROR':
    case 'BLOCKED':
    case 'INVALID_RESPONSE':
      return outcome;
    default:
      return assertNever(outcome);
  }
}

/** The exchange of a call that was never sent: the template as written, and why. */
function unsentExchange(template: StoredRequestTemplate, error: string): ExchangeLogType {
  return { request: { method: template.method, url: template.url, headers: [], body: null }, response: null, durationMs: 0, error };
}

import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { ConduitError } from '@conduit/shared';
import { DEFAULT_RETRY_POLICY, TemplateRun, classifyAttempt, coerceInputs, nextRetryDelayMs, redactSecrets, renderValue, type TypedValue } from '@conduit/engine';
import type { ActionCallService, CallCredential } from '../integrations/action-call.service';
import type { ActionService } from '../integrations/action.service';
import { CallLog, type CallAttempt } from '../integrations/call-log';
import type { IntegrationService } from '../integrations/integration.service';
import type { RunStatus, StoredFlowStep, StoredStepRun } from './flow.entity';
import { FLOW_CHANNELS } from './flow.service';

/** The Agenda job that runs one attempt of one step. */
export const FLOW_STEP_JOB = 'conduit:flow-step';

export interface FlowStepJob {
  runId: string;
  stepIndex: number;
  /** 1-based number of the attempt this job makes. */
  attempt: number;
}

/** How the flow runner schedules its steps (the worker's Agenda scheduler). */
export interface StepScheduler {
  schedule(name: string, when: Date, data: FlowStepJob & Record<string, unknown>): Promise<void>;
  now(name: string, data: FlowStepJob & Record<string, unknown>): Promise<void>;
}

/** A step claimed longer ago than this (action timeouts are at most 30 s) was abandoned by a dead worker. */
export const STALE_STEP_MS = 120_000;

/** Problems found before anything is sent: another attempt would fail the same way. */
const PRE_SEND_CODES = new Set(['INVALID_INPUT', 'TEMPLATE_ERROR', 'BAD_USER_INPUT']);

interface LockedRun {
  id: string;
  workspace_id: string;
  flow_id: string;
  status: RunStatus;
  variables: Record<string, unknown>;
  plan: StoredFlowStep[];
  steps: StoredStepRun[];
}

interface StepOutcome {
  ok: boolean;
  outputs: Record<string, unknown> | null;
  error: string | null;
  /** When set, the same step is tried again at this time. */
  retryAt: Date | null;
}

/**
 * Runs flows on the worker: claims PENDING runs (scheduling their first step in the same
 * transaction that marks them RUNNING), and runs each step as a durable Agenda job: render the
 * inputs over the variables and earlier outputs, one attempt through the shared action pipeline,
 * the attempt in the delivery log, then the run row updated (and the next job scheduled) while
 * the row is locked, with a NOTIFY for `flowRunUpdated`.
 */
export class FlowRunner {
  private scheduler: StepScheduler | null = null;
  private readonly log: CallLog;
  private claiming: Promise<number> | null = null;
  private claimAgain = false;

  constructor(
    private readonly deps: {
      db: DataSource;
      logger: Logger;
      actions: ActionService;
      integrations: IntegrationService;
      actionCalls: ActionCallService;
    },
  ) {
    this.log = new CallLog(deps.db);
  }

  /** Called by the worker once its scheduler exists. */
  attach(scheduler: StepScheduler | null): void {
    this.scheduler = scheduler;
  }

  /** Starts waiting runs now (a wake-up); concurrent calls share one pass plus one more. */
  kick(): void {
    if (!this.scheduler) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimPending()
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'could not start pending flow runs');
        return 0;
      })
      .finally(() => {
        this.claiming = null;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.kick();
        }
      });
  }

  /** Marks PENDING runs RUNNING and schedules their first step, atomically per batch. Returns how many started. */
  async claimPending(limit = 100): Promise<number> {
    const scheduler = this.scheduler;
    if (!scheduler) return 0;
    const started = await this.deps.db.transaction(async (tx) => {
      const rows: { id: string; workspace_id: string; flow_id: string; steps: number }[] = await tx.query(
        // A CTE so the driver hands back the rows (a bare UPDATE … RETURNING comes back as [rows, count]).
        `WITH claimed AS (
           UPDATE flow_runs r SET status = 'RUNNING'
            WHERE r.id IN (SELECT id FROM flow_runs WHERE status = 'PENDING' ORDER BY started_at FOR UPDATE SKIP LOCKED LIMIT $1)
            RETURNING r.id, r.workspace_id, r.flow_id, jsonb_array_length(r.plan)::int AS steps
         )
         SELECT * FROM claimed`,
        [limit],
      );
      for (const row of rows) {
        if (row.steps === 0) {
          await tx.query(`UPDATE flow_runs SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, [row.id]);
        } else {
          // The job waits on this row's lock (or finds it PENDING if this transaction rolls back).
          await scheduler.now(FLOW_STEP_JOB, { runId: row.id, stepIndex: 0, attempt: 1 });
        }
        await notifyRun(tx, row);
      }
      return rows.length;
    });
    if (started > 0) this.deps.logger.debug({ started }, 'flow runs started');
    return started;
  }

  /**
   * Re-runs steps whose worker died mid-attempt: a step claimed more than `staleMs` ago (well past
   * the longest action timeout) and never finished gets its attempt scheduled again. The receiver
   * may then see that attempt twice.
   */
  async recoverStale(staleMs = STALE_STEP_MS): Promise<number> {
    const scheduler = this.scheduler;
    if (!scheduler) return 0;
    const cutoff = Date.now() - staleMs;
    return this.deps.db.transaction(async (tx) => {
      const runs: LockedRun[] = await tx.query(
        `SELECT id, workspace_id, flow_id, status, variables, plan, steps FROM flow_runs
          WHERE status = 'RUNNING' AND steps @> '[{"status": "RUNNING"}]' ORDER BY started_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      let recovered = 0;
      for (const run of runs) {
        const stepIndex = run.steps.findIndex((s) => s.status === 'RUNNING' && s.claimedAt !== undefined && Date.parse(s.claimedAt) < cutoff);
        if (stepIndex < 0) continue;
        const step = run.steps[stepIndex];
        step.attempts -= 1;
        delete step.claimedAt;
        await scheduler.now(FLOW_STEP_JOB, { runId: run.id, stepIndex, attempt: step.attempts + 1 });
        await saveRun(tx, run, 'RUNNING', false);
        this.deps.logger.warn({ runId: run.id, stepIndex }, 'flow step abandoned by its worker; scheduled again');
        recovered++;
      }
      return recovered;
    });
  }

  /** One attempt of one step (the `conduit:flow-step` job). */
  async runStep(job: FlowStepJob): Promise<void> {
    const { runId, stepIndex, attempt } = job;
    // 1. Claim the attempt: the run must be RUNNING and this step waiting for exactly this attempt.
    const claimed = await this.deps.db.transaction(async (tx) => {
      const run = await lockRun(tx, runId);
      const step = run?.steps[stepIndex];
      if (!run || run.status !== 'RUNNING' || !step || (step.status !== 'PENDING' && step.status !== 'RUNNING') || step.attempts !== attempt - 1) return null;
      step.status = 'RUNNING';
      step.attempts = attempt;
      step.claimedAt = new Date().toISOString();
      await saveRun(tx, run, 'RUNNING', false);
      return run;
    });
    if (!claimed) {
      this.deps.logger.debug({ runId, stepIndex, attempt }, 'flow step job is stale; skipped');
      return;
    }

    // 2. Make the attempt (no lock held while calling out). Whatever goes wrong ends the step, so
    // a run never stays RUNNING on an error nobody sees.
    const outcome = await this.attempt(claimed, stepIndex, attempt).catch((error: unknown): StepOutcome => {
      this.deps.logger.error({ err: error, runId, stepIndex, attempt }, 'flow step failed unexpectedly');
      return { ok: false, outputs: null, error: `INTERNAL: the step could not be run (${error instanceof Error ? error.message : String(error)}).`, retryAt: null };
    });

    // 3. Record the outcome, and schedule what comes next while the row is locked.
    const scheduler = this.scheduler;
    await this.deps.db.transaction(async (tx) => {
      const run = await lockRun(tx, runId);
      const step = run?.steps[stepIndex];
      if (!run || run.status !== 'RUNNING' || !step || step.attempts !== attempt) return;
      delete step.claimedAt;
      const definition = run.plan[stepIndex];
      if (outcome.ok) {
        Object.assign(step, { status: 'SUCCEEDED', outputs: outcome.outputs ?? {}, error: null });
      } else if (outcome.retryAt && scheduler) {
        Object.assign(step, { status: 'RUNNING', error: outcome.error });
        await scheduler.schedule(FLOW_STEP_JOB, outcome.retryAt, { runId, stepIndex, attempt: attempt + 1 });
        await saveRun(tx, run, 'RUNNING', false);
        return;
      } else {
        Object.assign(step, { status: 'FAILED', error: outcome.error });
      }
      const stop = !outcome.ok && definition.onFailure === 'STOP';
      const next = stepIndex + 1;
      if (stop) {
        await saveRun(tx, run, 'FAILED', true);
      } else if (next >= run.plan.length) {
        const failed = run.steps.some((s) => s.status === 'FAILED');
        // CONTINUE carries on past a failed step; the run still ends FAILED so the failure shows.
        await saveRun(tx, run, failed ? 'FAILED' : 'SUCCEEDED', true);
      } else {
        if (scheduler) await scheduler.now(FLOW_STEP_JOB, { runId, stepIndex: next, attempt: 1 });
        await saveRun(tx, run, 'RUNNING', false);
      }
    });
  }

  private async attempt(run: LockedRun, stepIndex: number, attemptNumber: number): Promise<StepOutcome> {
    const definition = run.plan[stepIndex];
    const startedAt = new Date();
    let action;
    let integration;
    try {
      action = await this.deps.actions.get(run.workspace_id, definition.actionId);
      integration = await this.deps.integrations.get(run.workspace_id, action.integrationId);
    } catch (error) {
      if (error instanceof ConduitError && error.code === 'NOT_FOUND') return { ok: false, outputs: null, error: `The step's action no longer exists.`, retryAt: null };
      throw error;
    }
    let credential: CallCredential = { credential: null, values: {}, secrets: [] };
    let inputs: Record<string, TypedValue>;
    try {
      credential = await this.deps.actionCalls.credentialFor(integration, definition.credentialId);
      const steps: Record<string, unknown> = {};
      run.plan.slice(0, stepIndex).forEach((s, i) => {
        steps[s.key] = run.steps[i]?.outputs ?? {};
      });
      const scope: Record<string, unknown> = { ...run.variables, steps, context: {} };
      const templates = TemplateRun.start();
      const values: Record<string, unknown> = {};
      definition.inputs.forEach((mapping, index) => {
        values[mapping.key] = renderValue(mapping.value, scope, { field: `steps[${stepIndex}].inputs[${index}].value`, label: `input "${mapping.key}" of step "${definition.key}"` }, templates);
      });
      inputs = coerceInputs(action.inputs, values);
    } catch (error) {
      if (!(error instanceof ConduitError) || !(PRE_SEND_CODES.has(String(error.details?.errorCode ?? error.code)) || error.code === 'NOT_FOUND')) throw error;
      const code = String(error.details?.errorCode ?? 'CREDENTIAL_ERROR');
      const message = `${code}: ${redactSecrets(error.message, credential.secrets)}`;
      await this.log.record({ workspaceId: run.workspace_id, integrationId: integration.id, actionId: action.id, startedAt, ok: false, error: message, attempts: [] });
      return { ok: false, outputs: null, error: message, retryAt: null };
    }

    const { result, attempt, status, retryAfterMs } = await this.deps.actionCalls.attemptOnce({ integration, action, credential, inputs });
    let retryAt: Date | null = null;
    if (!result.ok && attempt && attempt.outcome !== 'INVALID_RESPONSE' && classifyAttempt(attempt.outcome, status).retryable) {
      const delay = nextRetryDelayMs({ schedule: action.retrySchedule ?? DEFAULT_RETRY_POLICY.schedule, attemptNumber, retryAfterMs });
      if (delay !== null) retryAt = new Date(Date.now() + delay);
    }
    const attempts: CallAttempt[] = attempt ? [{ ...attempt, nextAttemptAt: retryAt }] : [];
    const error = result.ok ? null : `${result.errorCode ?? 'ERROR'}: ${result.error ?? ''}`;
    await this.log.record({ workspaceId: run.workspace_id, integrationId: integration.id, actionId: action.id, startedAt, ok: result.ok, error, attempts });
    this.deps.logger.debug({ runId: run.id, step: definition.key, attempt: attemptNumber, ok: result.ok, errorCode: result.errorCode, retryAt }, 'flow step attempted');
    return { ok: result.ok, outputs: result.ok ? result.outputs : null, error, retryAt };
  }
}

async function lockRun(tx: EntityManager, id: string): Promise<LockedRun | null> {
  const rows: LockedRun[] = await tx.query('SELECT id, workspace_id, flow_id, status, variables, plan, steps FROM flow_runs WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
}

async function saveRun(tx: EntityManager, run: LockedRun, status: RunStatus, finished: boolean): Promise<void> {
  await tx.query(`UPDATE flow_runs SET status = $2, steps = $3::jsonb, finished_at = CASE WHEN $4 THEN now() ELSE finished_at END WHERE id = $1`, [
    run.id,
    status,
    JSON.stringify(run.steps),
    finished,
  ]);
  await notifyRun(tx, run);
}

function notifyRun(tx: EntityManager, run: { id: string; workspace_id: string; flow_id: string }): Promise<unknown> {
  return tx.query('SELECT pg_notify($1, $2)', [FLOW_CHANNELS.runs, JSON.stringify({ id: run.id, workspaceId: run.workspace_id, flowId: run.flow_id })]);
}


import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Agenda } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';

/** A recurring job: runs on one worker at a time, at the interval given (Agenda syntax or ms). */
export interface RecurringJob {
  name: string;
  every: string | number;
  run: () => Promise<void>;
  /**
   * How long one run may hold its lock (default 15 s). Agenda re-checks a running job after half
   * of this with a timer it does not clear on stop, so short jobs keep it short.
   */
  lockLifetimeMs?: number;
}

/**
 * A one-off job definition: instances are created with {@link Scheduler.schedule} or
 * {@link Scheduler.now}, stored in the database until due, and run once by one worker.
 */
export interface OneOffJob<Data = unknown> {
  name: string;
  run: (data: Data) => Promise<void>;
  /** Instances run at once on one worker (default 10). */
  concurrency?: number;
  /** How long one run may hold its lock (default 60 s). */
  lockLifetimeMs?: number;
}

export interface SchedulerOptions {
  pool: Pool;
  name: string;
  logger: Logger;
  jobs: RecurringJob[];
  /** One-off job definitions (e.g. flow steps). */
  tasks?: OneOffJob<never>[];
  /** How often Agenda looks for due jobs besides its LISTEN/NOTIFY wake-ups. */
  processEvery?: string | number;
}

/**
 * Everything with a due time that is not a delivery: flow steps (one-off jobs) and housekeeping (dispatch sweep, health checks,
 * retention) on Agenda 6 with its PostgreSQL backend, sharing the app's pool. Jobs are locked in
 * the database, so with several workers each run happens once.
 */
export class Scheduler {
  private readonly agenda: Agenda;

  constructor(private readonly options: SchedulerOptions) {
    const backend = new PostgresBackend({ pool: options.pool, tableName: 'agenda_jobs', channelName: 'conduit_agenda' });
    // The LISTEN connection reports a lost database as an 'error' event; unhandled, it would crash
    // the process. Agenda keeps polling every `processEvery`, so jobs still run.
    const channel = backend.notificationChannel as unknown as { on?: (event: 'error', listener: (error: unknown) => void) => void } | undefined;
    channel?.on?.('error', (error) => options.logger.warn({ err: error }, 'scheduler notification connection error'));
    this.agenda = new Agenda({
      backend,
      name: options.name,
      processEvery: options.processEvery ?? '5 seconds',
    });
    this.agenda.on('error', (error: unknown) => options.logger.error({ err: error }, 'scheduler error'));
    for (const job of options.jobs) {
      this.agenda.define(
        job.name,
        async () => {
          try {
            await job.run();
          } catch (error) {
            options.logger.error({ err: error, job: job.name }, 'scheduled job failed');
            throw error;
          }
        },
        { concurrency: 1, lockLimit: 1, lockLifetime: job.lockLifetimeMs ?? 15_000 },
      );
    }
    for (const task of options.tasks ?? []) {
      this.agenda.define(
        task.name,
        async (job: { attrs: { data: unknown } }) => {
          try {
            await (task.run as (data: unknown) => Promise<void>)(job.attrs.data);
          } catch (error) {
            options.logger.error({ err: error, job: task.name }, 'one-off job failed');
            throw error;
          }
        },
        { concurrency: task.concurrency ?? 10, lockLimit: task.concurrency ?? 10, lockLifetime: task.lockLifetimeMs ?? 60_000 },
      );
    }
  }

  /** Stores a one-off job that runs at `when` (on whichever worker gets it first). */
  async schedule<Data extends Record<string, unknown>>(name: string, when: Date, data: Data): Promise<void> {
    await this.agenda.schedule(when, name, data);
  }

  /** Stores a one-off job due now. */
  async now<Data extends Record<string, unknown>>(name: string, data: Data): Promise<void> {
    await this.agenda.now(name, data);
  }

  async start(): Promise<void> {
    await this.agenda.start();
    for (const job of this.options.jobs) await this.agenda.every(job.every, job.name, undefined, { skipImmediate: false });
  }

  /** Stops picking up jobs and unlocks the ones this process holds. */
  async stop(): Promise<void> {
    await this.agenda.stop(false);
  }
}

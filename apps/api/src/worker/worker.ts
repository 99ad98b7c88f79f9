import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import {
  CHANNELS,
  DEFAULT_HEALTH_POLICY,
  Dispatcher,
  type DisabledTarget,
  type HealthPolicy,
  type HttpSender,
  PgDispatchStore,
  Scheduler,
  disableLongFailingTargets,
  notifyDispatchers,
  pruneDeliveryLog,
  vacuumQueue,
} from '@conduit/engine';
import type { Config } from '../config';
import { NotificationListener } from '../graphql/live';
import { finishInterruptedDeletions } from '../modules/deliveries/target-deletion';
import { pruneAuthState } from '../modules/auth/auth-housekeeping';
import { FLOW_STEP_JOB, type FlowStepJob } from '../modules/flows/flow-runner';
import { FLOW_CHANNELS } from '../modules/flows/flow.service';
import type { Services } from '../services';

export interface WorkerHandle {
  dispatcher: Dispatcher;
  stop(drainMs?: number): Promise<void>;
}

export function healthPolicyFrom(config: Config): HealthPolicy {
  return { ...DEFAULT_HEALTH_POLICY, disableAfterFailures: config.disableAfterFailures, disableAfterFailingMs: config.disableAfterFailingMs };
}

/** The worker role: the delivery dispatcher, its wake-up listener, and the scheduled housekeeping. */
export async function startWorker(deps: {
  config: Config;
  logger: Logger;
  /** Scheduler, maintenance jobs. */
  pool: Pool;
  /** The dispatcher's store: opened with DISPATCH_CONNECTION_OPTIONS. */
  dispatchPool: Pool;
  services: Services;
  sender: HttpSender;
  userAgent: string;
  databaseUrl: string;
}): Promise<WorkerHandle> {
  const { config, logger, pool, services } = deps;
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const healthPolicy = healthPolicyFrom(config);

  const announceDisabled = async (disabled: DisabledTarget[]) => {
    for (const target of disabled) {
      const ids = target.kind === 'webhook' ? { webhookId: target.targetId } : { automationId: target.targetId };
      logger.warn({ ...ids, reason: target.reason }, `${target.kind} disabled`);
      const subject = target.kind === 'webhook' ? { webhook: { id: target.targetId, url: target.label } } : { automation: { id: target.targetId, name: target.label } };
      await services.events
        .publish(target.workspaceId, {
          type: `${target.kind}.disabled`,
          payload: { ...subject, reason: target.reason, disabledAt: target.disabledAt.toISOString(), consecutiveFailures: target.consecutiveFailures },
        })
        .catch((error: unknown) => logger.error({ err: error, ...ids }, `could not publish ${target.kind}.disabled`));
      if (target.kind === 'automation') await services.events.announceConfigChange(target.workspaceId).catch(() => undefined);
    }
  };

  const dispatcher = new Dispatcher({
    store: new PgDispatchStore(deps.dispatchPool, healthPolicy),
    sender: deps.sender,
    decryptSecret: (ciphertext, delivery) => services.webhooks.decryptSecret(delivery.workspaceId, delivery.targetId, ciphertext),
    executeAutomation: (delivery) => services.automationRunner.run(delivery),
    workerId,
    userAgent: deps.userAgent,
    logger: logger.child({ component: 'dispatcher' }),
    policy: { concurrency: config.dispatch.concurrency, batchSize: config.dispatch.batchSize, leaseMs: config.dispatch.leaseMs },
    onCommitted: (effects, attempts) => {
      services.metrics.observeAttempts(attempts);
      return announceDisabled(effects.disabled);
    },
  });

  const listener = new NotificationListener(
    { connectionString: deps.databaseUrl },
    { [CHANNELS.deliveries]: () => dispatcher.wake(), [FLOW_CHANNELS.start]: () => services.flowRunner.kick() },
    logger,
    () => {
      dispatcher.wake();
      services.flowRunner.kick();
    },
  );
  await listener.start();

  const scheduler = new Scheduler({
    pool,
    name: workerId,
    logger: logger.child({ component: 'scheduler' }),
    // A step outliving its 15 s lock may be picked up again; the run row's attempt count makes that copy a no-op.
    tasks: [{ name: FLOW_STEP_JOB, concurrency: 10, lockLifetimeMs: 15_000, run: (job: FlowStepJob) => services.flowRunner.runStep(job) }],
    jobs: [
      // Flow runs inserted PENDING whose wake-up was lost (or arrived before this worker listened).
      // Also re-runs steps whose worker died mid-attempt.
      {
        name: 'conduit:flow-start-sweep',
        every: '5 seconds',
        run: async () => {
          await services.flowRunner.claimPending();
          await services.flowRunner.recoverStale();
        },
      },
      { name: 'conduit:dispatch-sweep', every: '10 seconds', run: () => notifyDispatchers(pool) },
      // The open-delivery queue's dead rows, cleared sooner than autovacuum would (and without it).
      { name: 'conduit:queue-vacuum', every: '10 seconds', run: () => vacuumQueue(pool) },
      {
        name: 'conduit:health-check',
        every: '1 minute',
        run: async () => announceDisabled(await disableLongFailingTargets(pool, healthPolicy)),
      },
      {
        // Deletions of webhooks or automations that a crash stopped half-way (they stay hidden).
        name: 'conduit:finish-deletions',
        every: '1 minute',
        run: async () => {
          const finished = await finishInterruptedDeletions(services.db);
          if (finished > 0) logger.info({ finished }, 'finished interrupted deletions of webhooks or automations');
        },
      },
      {
        // Sign-in failure counts that can no longer block anyone, and expired sessions.
        name: 'conduit:auth-housekeeping',
        every: '10 minutes',
        run: async () => {
          const pruned = await pruneAuthState(services.db);
          if (pruned.signInFailures + pruned.sessions > 0) logger.info(pruned, 'pruned expired sessions and sign-in failure counts');
        },
      },
      {
        // Every minute for at most 10 s of batched deletes: enough for the peak write rate, and
        // short enough that no run holds locks or the scheduler for long.
        name: 'conduit:log-retention',
        every: '1 minute',
        lockLifetimeMs: 20_000,
        run: async () => {
          const pruned = await pruneDeliveryLog(pool, config.retentionDays, { budgetMs: 10_000 });
          if (pruned.attempts + pruned.deliveries + pruned.events > 0) logger.info({ ...pruned, retentionDays: config.retentionDays }, 'pruned the delivery log');
        },
      },
    ],
  });
  services.flowRunner.attach(scheduler);
  await scheduler.start();
  dispatcher.start();
  services.flowRunner.kick();
  logger.info({ workerId, concurrency: config.dispatch.concurrency }, 'worker started');

  return {
    dispatcher,
    stop: async (drainMs = 10_000) => {
      services.flowRunner.attach(null);
      await scheduler.stop().catch((error: unknown) => logger.warn({ err: error }, 'scheduler stop failed'));
      await dispatcher.stop(drainMs);
      await listener.stop();
    },
  };
}

import type { Logger } from 'pino';
import type { ChannelHandlers } from './live';
import { CHANNELS, type HealthChange } from '@conduit/engine';
import type { Services } from '../services';
import { FlowRunEntity } from '../modules/flows/flow.entity';
import { FLOW_CHANNELS } from '../modules/flows/flow.service';
import { WebhookEntity } from '../modules/webhooks/webhook.entity';

/** Attempts committed while the LISTEN connection was down that a reconnection streams, at most. */
export const CATCH_UP_LIMIT = 10_000;
/**
 * How far below the newest attempt id streamed the catch-up looks: ids are taken when a write-back
 * inserts, so one committing a moment after another can carry lower ids.
 */
const CATCH_UP_SLACK = 5_000n;
/** Attempt ids remembered as streamed (more than the slack), so that the catch-up never streams one twice. */
const REMEMBERED = 20_000;

/**
 * The attempts this process has streamed lately: the newest id, and the ids themselves. After the
 * LISTEN connection was lost (a database restart, a network cut), `catchUp` streams the attempts
 * committed meanwhile, which no notification announced.
 */
export class AttemptStream {
  private newest = 0n;
  /** Nothing at or below it is caught up: committed before this process (or a catch-up with no one listening) looked. */
  private floor = 0n;
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];

  constructor(
    private readonly services: Services,
    private readonly logger: Logger,
  ) {}

  /** The newest attempt id now, to start from (nothing before it is caught up). */
  async init(): Promise<void> {
    const [{ max }]: { max: string | null }[] = await this.services.db.query('SELECT max(id)::text AS max FROM delivery_attempts');
    if (max !== null && BigInt(max) > this.newest) this.newest = BigInt(max);
    this.floor = this.newest;
  }

  /** Streams these attempts (a notification's ids) to the subscribers, each at most once. */
  async stream(ids: string[]): Promise<void> {
    // Remembered even when no one listens: a catch-up never streams what was committed before.
    const fresh = this.remember(ids);
    if (fresh.length === 0 || this.services.live.attempts.size === 0) return;
    for (let i = 0; i < fresh.length; i += 500) {
      const chunk = fresh.slice(i, i + 500);
      const attempts = await this.services.deliveries.attempts({ ids: chunk });
      const deliveries = await this.services.deliveries.getMany([...new Set(attempts.map((a) => a.deliveryId))]);
      const byId = new Map(deliveries.map((d) => [d.id, d]));
      for (const attempt of attempts) {
        attempt.preloadedDelivery = byId.get(attempt.deliveryId);
        this.services.live.attempts.publish(attempt);
      }
    }
  }

  /** After a reconnection: the attempts committed since the newest one streamed, not yet streamed. */
  async catchUp(): Promise<void> {
    if (this.services.live.attempts.size === 0) {
      await this.init();
      return;
    }
    const slack = this.newest > CATCH_UP_SLACK ? this.newest - CATCH_UP_SLACK : 0n;
    const from = slack > this.floor ? slack : this.floor;
    const rows: { id: string }[] = await this.services.db.query('SELECT id::text AS id FROM delivery_attempts WHERE id > $1 ORDER BY id LIMIT $2', [
      from.toString(),
      CATCH_UP_LIMIT + Number(CATCH_UP_SLACK),
    ]);
    let missed = rows.map((r) => r.id).filter((id) => !this.seen.has(id));
    if (missed.length > CATCH_UP_LIMIT) {
      this.logger.warn({ missed: missed.length, streamed: CATCH_UP_LIMIT }, 'too many attempts committed while the notification connection was down: the oldest are not streamed live (they are in the log)');
      missed = missed.slice(-CATCH_UP_LIMIT);
    }
    if (missed.length > 0) this.logger.info({ attempts: missed.length }, 'streaming the attempts committed while the notification connection was down');
    await this.stream(missed);
  }

  private remember(ids: string[]): string[] {
    const fresh: string[] = [];
    for (const id of ids) {
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      this.order.push(id);
      fresh.push(id);
      const n = BigInt(id);
      if (n > this.newest) this.newest = n;
    }
    if (this.order.length > REMEMBERED * 1.5) for (const id of this.order.splice(0, this.order.length - REMEMBERED)) this.seen.delete(id);
    return fresh;
  }
}

/**
 * How far before the moment the connection was found lost the state catch-up looks: a notification
 * can be lost a while before the loss is noticed, and the database's clock may differ from ours.
 */
const STATE_CATCH_UP_SLACK_MS = 60_000;

/**
 * After a reconnection: the current state of every webhook whose health changed, and of every flow
 * run that started, ended or is still under way, since shortly before the connection was lost (no
 * notification announced them). Subscribers get states, so one they already had is the same
 * message again, never a wrong one.
 */
export async function catchUpStates(services: Services, lostAt: Date, logger: Logger): Promise<void> {
  const since = new Date(lostAt.getTime() - STATE_CATCH_UP_SLACK_MS);
  if (services.live.health.size > 0) {
    const webhooks = await services.db
      .getRepository(WebhookEntity)
      .createQueryBuilder('w')
      .where('w.health_changed_at >= :since AND w.deleting_at IS NULL', { since })
      .orderBy('w.health_changed_at', 'ASC')
      .limit(CATCH_UP_LIMIT)
      .getMany();
    for (const webhook of webhooks) services.live.health.publish(webhook);
    if (webhooks.length > 0) logger.info({ webhooks: webhooks.length }, 'streaming the health changes made while the notification connection was down');
  }
  if (services.live.flowRuns.size > 0) {
    const runs = await services.db
      .getRepository(FlowRunEntity)
      .createQueryBuilder('r')
      .where("r.started_at >= :since OR r.finished_at >= :since OR r.status IN ('PENDING', 'RUNNING')", { since })
      .orderBy('r.started_at', 'DESC')
      .limit(CATCH_UP_LIMIT)
      .getMany();
    for (const run of runs.reverse()) services.live.flowRuns.publish(run);
    if (runs.length > 0) logger.info({ flowRuns: runs.length }, 'streaming the flow runs that changed while the notification connection was down');
  }
}

/** Turns the engine's notifications into messages for this process's subscribers. */
export function liveFeedHandlers(services: Services, attempts: AttemptStream): ChannelHandlers {
  return {
    [CHANNELS.attempts]: (payload) => attempts.stream((JSON.parse(payload) as { ids: string[] }).ids),
    [CHANNELS.config]: (payload) => {
      services.events.invalidate((JSON.parse(payload) as { workspaceId: string }).workspaceId);
    },
    [CHANNELS.health]: async (payload) => {
      if (services.live.health.size === 0) return;
      const change = JSON.parse(payload) as HealthChange;
      // healthChanged streams webhooks; automations' health is read with the automations query.
      if (change.kind === 'automation') return;
      const webhook = await services.db.getRepository(WebhookEntity).findOneBy({ id: change.webhookId });
      if (webhook) services.live.health.publish(webhook);
    },
    [FLOW_CHANNELS.runs]: async (payload) => {
      if (services.live.flowRuns.size === 0) return;
      const { id } = JSON.parse(payload) as { id: string };
      const run = await services.db.getRepository(FlowRunEntity).findOneBy({ id });
      if (run) services.live.flowRuns.publish(run);
    },
  };
}

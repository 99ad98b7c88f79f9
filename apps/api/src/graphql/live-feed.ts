import type { ChannelHandlers } from './live';
import { CHANNELS, type HealthChange } from '@conduit/engine';
import type { Services } from '../services';
import { FlowRunEntity } from '../modules/flows/flow.entity';
import { FLOW_CHANNELS } from '../modules/flows/flow.service';
import { WebhookEntity } from '../modules/webhooks/webhook.entity';

/** Turns the engine's notifications into messages for this process's subscribers. */
export function liveFeedHandlers(services: Services): ChannelHandlers {
  return {
    [CHANNELS.attempts]: async (payload) => {
      if (services.live.attempts.size === 0) return;
      const { ids } = JSON.parse(payload) as { ids: string[] };
      const attempts = await services.deliveries.attempts({ ids });
      const deliveries = await services.deliveries.getMany([...new Set(attempts.map((a) => a.deliveryId))]);
      const byId = new Map(deliveries.map((d) => [d.id, d]));
      for (const attempt of attempts) {
        attempt.preloadedDelivery = byId.get(attempt.deliveryId);
        services.live.attempts.publish(attempt);
      }
    },
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

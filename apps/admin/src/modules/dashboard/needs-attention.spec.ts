import { describe, expect, it } from '@jest/globals';
import type { Health } from '../../generated/graphql';
import { needsAttention } from './needs-attention';

function webhook(id: string, health: Health, extra: { consecutiveFailures?: number; description?: string; enabled?: boolean; disabledReason?: string } = {}) {
  return {
    id,
    url: `https://example.com/${id}`,
    description: extra.description ?? null,
    enabled: extra.enabled ?? health !== 'DISABLED',
    health,
    consecutiveFailures: extra.consecutiveFailures ?? 0,
    disabledReason: extra.disabledReason ?? null,
    disabledAt: null,
  };
}

function automation(id: string, health: Health, consecutiveFailures = 0) {
  return { id, name: `Automation ${id}`, enabled: health !== 'DISABLED', health, consecutiveFailures, disabledReason: null, disabledAt: null };
}

describe('needsAttention', () => {
  it('lists disabled, then failing, then degraded targets, and leaves healthy ones out', () => {
    const items = needsAttention(
      [webhook('w-ok', 'HEALTHY'), webhook('w-degraded', 'DEGRADED'), webhook('w-failing', 'FAILING', { consecutiveFailures: 7 })],
      [automation('a-disabled', 'DISABLED', 100), automation('a-ok', 'HEALTHY')],
    );
    expect(items.map((item) => item.id)).toEqual(['a-disabled', 'w-failing', 'w-degraded']);
  });

  it('puts the longest failure streak first within one state', () => {
    const items = needsAttention([webhook('short', 'FAILING', { consecutiveFailures: 5 }), webhook('long', 'FAILING', { consecutiveFailures: 40 })], []);
    expect(items.map((item) => item.id)).toEqual(['long', 'short']);
  });

  it('links each item to its page and keeps the reason it was disabled', () => {
    const [hook, auto] = needsAttention(
      [webhook('w1', 'DISABLED', { disabledReason: '100 attempts in a row failed.' })],
      [automation('a1', 'FAILING', 6)],
    );
    expect(hook).toMatchObject({ kind: 'Webhook', href: '/webhooks/w1', name: 'https://example.com/w1', detail: null, disabledReason: '100 attempts in a row failed.' });
    expect(auto).toMatchObject({ kind: 'Automation', href: '/automations/a1', name: 'Automation a1' });
  });

  it('names a webhook by its description, with the URL as detail', () => {
    const [item] = needsAttention([webhook('w1', 'DEGRADED', { description: 'CRM sync' })], []);
    expect(item).toMatchObject({ name: 'CRM sync', detail: 'https://example.com/w1' });
  });

  it('treats a switched-off target as disabled whatever health it last had', () => {
    const [item] = needsAttention([webhook('w1', 'HEALTHY', { enabled: false })], []);
    expect(item.health).toBe('DISABLED');
  });
});

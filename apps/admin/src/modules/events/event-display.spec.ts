import { describe, expect, it } from '@jest/globals';
import { deliveryCounts, deliveryStatusColor, deliveryTarget, eventTypeNameProblem } from './event-display';

describe('eventTypeNameProblem', () => {
  it('accepts names the API accepts', () => {
    for (const name of ['order.paid', 'message.created.channel.whatsapp', 'a-b_c.1']) expect(eventTypeNameProblem(name)).toBeNull();
  });

  it('says what to fix', () => {
    expect(eventTypeNameProblem('')).toMatch(/Enter a name/);
    expect(eventTypeNameProblem('order.*')).toMatch(/Wildcards/);
    expect(eventTypeNameProblem('Order.Paid')).toBe('Use lowercase: "order.paid".');
    expect(eventTypeNameProblem('order..paid')).toMatch(/empty segment/);
    expect(eventTypeNameProblem(' order')).toMatch(/spaces/);
    expect(eventTypeNameProblem('order.pa id')).toMatch(/Segment "pa id"/);
    expect(eventTypeNameProblem('x'.repeat(201))).toMatch(/200/);
  });
});

describe('deliveries of an event', () => {
  it('counts them by status, successes first', () => {
    expect(deliveryCounts([{ status: 'FAILED' }, { status: 'SUCCEEDED' }, { status: 'SUCCEEDED' }])).toEqual([
      { status: 'SUCCEEDED', count: 2 },
      { status: 'FAILED', count: 1 },
    ]);
    expect(deliveryCounts([])).toEqual([]);
    expect(deliveryStatusColor('RETRYING')).toBe('yellow');
  });

  it('names the target', () => {
    expect(deliveryTarget({ webhook: { url: 'https://x.test/hook' }, automation: null, action: null })).toEqual({ kind: 'Webhook', label: 'https://x.test/hook' });
    expect(deliveryTarget({ webhook: null, automation: { name: 'Look up' }, action: { name: 'Find user', integration: { name: 'CRM' } } })).toEqual({
      kind: 'Automation',
      label: 'Look up → CRM › Find user',
    });
    expect(deliveryTarget({ webhook: null, automation: null, action: { name: 'Find user', integration: { name: 'CRM' } } }).kind).toBe('Action call');
    expect(deliveryTarget({ webhook: null, automation: null, action: null }).kind).toBe('Deleted target');
  });
});

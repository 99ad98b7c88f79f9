import { describe, expect, it } from '@jest/globals';
import { deliveryCounts, eventTypeNameProblem } from './event-display';

describe('eventTypeNameProblem', () => {
  it('accepts names the API accepts', () => {
    for (const name of ['order.paid', 'message.created.channel.whatsapp', 'a-b_c.1']) expect(eventTypeNameProblem(name)).toBeNull();
  });

  it('says what to fix', () => {
    expect(eventTypeNameProblem('')).toMatch(/Enter a name/);
    expect(eventTypeNameProblem('order.*')).toMatch(/wildcard "\*"; wildcards belong in webhook and automation patterns/);
    expect(eventTypeNameProblem('Order.Paid')).toBe('Invalid event type name "Order.Paid": it has uppercase letters in segment "Order" (use "order.paid").');
    expect(eventTypeNameProblem('order..paid')).toMatch(/empty segment/);
    expect(eventTypeNameProblem(' order')).toMatch(/leading or trailing whitespace/);
    expect(eventTypeNameProblem('order.pa id')).toMatch(/character " " in segment "pa id"/);
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
  });
});

import { describe, expect, it } from '@jest/globals';
import { canRetry, deliveryStatusLook, deliveryTarget, isOpen, outcomeLook, DELIVERY_STATUSES } from './delivery-status';

const none = { webhook: null, automation: null, action: null, integration: null };

describe('deliveryTarget', () => {
  it('names the webhook by its description, else its URL, and links to it', () => {
    expect(deliveryTarget({ ...none, webhook: { id: 'w', url: 'https://x.test', description: null } })).toEqual({
      kind: 'Webhook',
      label: 'https://x.test',
      href: '/webhooks/w',
    });
    expect(deliveryTarget({ ...none, webhook: { id: 'w', url: 'https://x.test', description: 'CRM' } }).label).toBe('CRM');
  });
  it('links an automation, and an action call to its integration', () => {
    expect(deliveryTarget({ ...none, automation: { id: 'a', name: 'Sync' } }).href).toBe('/automations/a');
    expect(deliveryTarget({ ...none, automation: { id: 'a', name: 'Look up' }, action: { id: 'x', name: 'Find user' }, integration: { id: 'i', name: 'CRM' } })).toEqual({
      kind: 'Automation',
      label: 'Look up → CRM · Find user',
      href: '/automations/a',
    });
    expect(deliveryTarget({ ...none, action: { id: 'x', name: 'Lookup' }, integration: { id: 'i', name: 'Shop' } })).toEqual({
      kind: 'Action',
      label: 'Shop · Lookup',
      href: '/integrations/i',
    });
  });
  it('says when the target is gone', () => {
    expect(deliveryTarget(none)).toEqual({ kind: 'Unknown', label: 'Deleted target', href: null });
  });
});

describe('statuses', () => {
  it('has a label and a hint for every status', () => {
    for (const status of DELIVERY_STATUSES) expect(deliveryStatusLook(status).hint).not.toBe('');
    expect(deliveryStatusLook('RETRYING').color).toBe('yellow');
    expect(outcomeLook('TIMEOUT').label).toBe('Timeout');
  });
  it('retries only finished, unsuccessful deliveries', () => {
    expect(DELIVERY_STATUSES.filter(canRetry)).toEqual(['FAILED', 'CANCELLED']);
    expect(DELIVERY_STATUSES.filter(isOpen)).toEqual(['PENDING', 'RETRYING']);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { WebhookSettingsFieldsFragment } from '../../generated/graphql';
import {
  newWebhookValues,
  toCreateInput,
  toUpdateInput,
  validateWebhookValues,
  webhookValues,
} from './webhook-form';

const stored: WebhookSettingsFieldsFragment = {
  id: 'w1',
  url: 'https://example.com/hooks',
  description: null,
  events: ['ticket.created'],
  filter: { 'ticket.priority': 'urgent' },
  headers: [{ name: 'X-Team', value: 'support' }],
  enabled: true,
  health: 'HEALTHY',
  consecutiveFailures: 0,
  disabledReason: null,
  disabledAt: null,
  secretHint: 'whsec_ab…',
  rateLimitPerSecond: null,
  retryPolicy: { schedule: [1, 2], timeoutMs: 5000 },
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

describe('validateWebhookValues', () => {
  it('asks for a URL and at least one event', () => {
    expect(validateWebhookValues(newWebhookValues())).toEqual({ url: expect.any(String), events: expect.any(String) });
  });
  it('flags a header value without a name, and ignores empty rows', () => {
    const values = { ...newWebhookValues(), url: 'https://x.test', events: ['*'], headers: [{ name: '', value: '' }, { name: '', value: 'v' }] };
    expect(validateWebhookValues(values)).toEqual({ headers: 'Header 2 has a value but no name.' });
  });
  it('says what is wrong with a pattern, as the API would, and with the filter JSON', () => {
    const values = { ...newWebhookValues(), url: 'https://x.test', events: ['ticket.created', 'Ticket.*'], filterText: '[1]' };
    expect(validateWebhookValues(values)).toEqual({ events: expect.stringMatching(/^Invalid event pattern "Ticket\.\*": it has the segment "Ticket" with uppercase letters/), filterText: 'The filter must be a JSON object ({ … }).' });
  });
});

describe('toCreateInput', () => {
  it('sends the settings and leaves the default retry policy to the API', () => {
    const values = { ...newWebhookValues(), url: ' https://x.test/h ', events: ['ticket.created'], headers: [{ name: ' X-A ', value: '1' }, { name: '', value: '' }] };
    expect(toCreateInput(values)).toEqual({
      url: 'https://x.test/h',
      events: ['ticket.created'],
      description: null,
      filter: null,
      headers: [{ name: 'X-A', value: '1' }],
      rateLimitPerSecond: null,
    });
  });
  it('sends a changed retry policy and a rate limit', () => {
    const values = { ...newWebhookValues(), url: 'https://x.test', events: ['*'], retrySchedule: '0.2', timeoutMs: 2000, rateLimitPerSecond: 10 };
    expect(toCreateInput(values)).toMatchObject({ retryPolicy: { schedule: [0.2], timeoutMs: 2000 }, rateLimitPerSecond: 10 });
  });
});

describe('toUpdateInput', () => {
  it('round-trips a stored webhook without touching its retry policy', () => {
    const initial = webhookValues(stored);
    const input = toUpdateInput(initial, initial);
    expect(input).toEqual({
      url: stored.url,
      events: stored.events,
      description: null,
      filter: { 'ticket.priority': 'urgent' },
      headers: [{ name: 'X-Team', value: 'support' }],
      rateLimitPerSecond: null,
    });
  });
  it('keeps a custom schedule when only the timeout changes', () => {
    const initial = webhookValues(stored);
    expect(toUpdateInput({ ...initial, timeoutMs: 3000 }, initial).retryPolicy).toEqual({ schedule: [1, 2], timeoutMs: 3000 });
  });
  it('goes back to the default schedule when it is written out', () => {
    const initial = webhookValues(stored);
    const input = toUpdateInput({ ...initial, retrySchedule: '5, 300, 1800, 7200, 18000, 36000, 36000' }, initial);
    expect(input.retryPolicy).toEqual({ timeoutMs: 5000 });
  });
  it('clears the filter when its text is emptied', () => {
    const initial = webhookValues(stored);
    expect(toUpdateInput({ ...initial, filterText: '' }, initial).filter).toBeNull();
  });
});

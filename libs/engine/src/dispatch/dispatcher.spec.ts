import { buildWebhookBody } from './body';
import { newDeliveryId } from './ids';
import { redactHeaders } from './redact';

describe('buildWebhookBody', () => {
  it('wraps the stored payload text as data with type, timestamp and hook', () => {
    const body = buildWebhookBody({
      eventType: 'ticket.created',
      occurredAt: new Date('2026-01-02T03:04:05.000Z'),
      payloadJson: '{"ticket": {"id": 7, "subject": "Hi \\"there\\""}}',
      webhookId: 'w-1',
      url: 'https://example.com/hook?a=1',
    });
    expect(JSON.parse(body)).toEqual({
      type: 'ticket.created',
      timestamp: '2026-01-02T03:04:05.000Z',
      data: { ticket: { id: 7, subject: 'Hi "there"' } },
      hook: { id: 'w-1', event: 'ticket.created', target: 'https://example.com/hook?a=1' },
    });
  });
});

describe('newDeliveryId', () => {
  it('is msg_ + a 26-character ULID that sorts by time', () => {
    const a = newDeliveryId(1_700_000_000_000);
    const b = newDeliveryId(1_700_000_000_001);
    expect(a).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newDeliveryId())).size).toBe(1000);
  });
});

describe('redactHeaders', () => {
  it('masks credentials but keeps the signature and ordinary headers', () => {
    expect(
      redactHeaders([
        ['authorization', 'Bearer abc'],
        ['x-api-key', 'k'],
        ['webhook-signature', 'v1,xyz'],
        ['content-type', 'application/json'],
      ]),
    ).toEqual([
      ['authorization', '••••'],
      ['x-api-key', '••••'],
      ['webhook-signature', 'v1,xyz'],
      ['content-type', 'application/json'],
    ]);
  });
});

import { Webhook } from 'standardwebhooks';
import { ConduitError } from '@conduit/shared';
import {
  WebhookSigner,
  decodeWebhookSecret,
  generateWebhookSecret,
  isValidWebhookSecret,
  secretHint,
  signPayload,
  signatureHeader,
  webhookHeaders,
} from './standard-webhooks';

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const now = (): number => Math.floor(Date.now() / 1000);

describe('signPayload', () => {
  it('matches the Standard Webhooks known vector', () => {
    expect(signPayload(VECTOR)).toBe(VECTOR.signature);
  });

  it('changes when any signed part changes', () => {
    expect(signPayload({ ...VECTOR, id: 'msg_other' })).not.toBe(VECTOR.signature);
    expect(signPayload({ ...VECTOR, timestamp: VECTOR.timestamp + 1 })).not.toBe(VECTOR.signature);
    expect(signPayload({ ...VECTOR, body: '{"test": 2432232315}' })).not.toBe(VECTOR.signature);
  });

  it('refuses a fractional timestamp or an id with whitespace', () => {
    expect(() => signPayload({ ...VECTOR, timestamp: 1614265330.5 })).toThrow(/whole Unix seconds/);
    expect(() => signPayload({ ...VECTOR, id: 'msg 1' })).toThrow(/without whitespace/);
  });
});

describe('generateWebhookSecret', () => {
  it('creates distinct whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(decodeWebhookSecret(a)).toHaveLength(32);
  });
});

describe('secretHint', () => {
  it('shows the prefix and the last 4 characters only', () => {
    expect(secretHint(VECTOR.secret)).toBe('whsec_…LaSw');
  });
});

describe('decodeWebhookSecret', () => {
  it.each([
    ['no prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /must start with "whsec_"/],
    ['empty key', 'whsec_', /standard base64/],
    ['not base64', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La!aSw', /standard base64/],
    ['url-safe alphabet', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La_aSw', /standard base64/],
    ['too short (16 bytes)', 'whsec_' + Buffer.alloc(16, 1).toString('base64'), /decodes to 16 bytes/],
    ['too long (65 bytes)', 'whsec_' + Buffer.alloc(65, 1).toString('base64'), /decodes to 65 bytes/],
  ])('refuses %s with BAD_USER_INPUT', (_label, secret, message) => {
    let error: unknown;
    try {
      decodeWebhookSecret(secret);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConduitError);
    expect((error as ConduitError).code).toBe('BAD_USER_INPUT');
    expect((error as ConduitError).message).toMatch(message);
    expect((error as ConduitError).message).toMatch(/24 to 64 random bytes/);
  });

  it('accepts 24 and 64 byte secrets', () => {
    expect(isValidWebhookSecret('whsec_' + Buffer.alloc(24, 7).toString('base64'))).toBe(true);
    expect(isValidWebhookSecret('whsec_' + Buffer.alloc(64, 7).toString('base64'))).toBe(true);
    expect(isValidWebhookSecret('whsec_abc')).toBe(false);
  });
});

describe('webhookHeaders', () => {
  const body = JSON.stringify({ type: 'ticket.created', timestamp: new Date().toISOString(), data: { id: 42 } });

  it('builds the Standard Webhooks headers', () => {
    const headers = webhookHeaders({ signer: [VECTOR.secret], id: VECTOR.id, timestamp: VECTOR.timestamp, body: VECTOR.body, version: '1.2.3' });
    expect(headers).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': VECTOR.signature,
      'content-type': 'application/json',
      'user-agent': 'Conduit-Webhooks/1.2.3',
    });
  });

  it('is verified by the standardwebhooks package', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders({ signer: [secret], id: 'dlv_1', timestamp: now(), body, version: '0.1.0' });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is refused by the standardwebhooks package when the body or secret differ', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders({ signer: [secret], id: 'dlv_1', timestamp: now(), body, version: '0.1.0' });
    expect(() => new Webhook(secret).verify(body + ' ', headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(/No matching signature/);
  });

  it('sends both signatures during rotation, each verifiable on its own', () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const signer = new WebhookSigner([oldSecret, newSecret]);
    const headers = webhookHeaders({ signer, id: 'dlv_2', timestamp: now(), body, version: '0.1.0' });

    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(/No matching signature/);
  });

  it('matches signatureHeader and a reused signer', () => {
    const secrets = [generateWebhookSecret(), generateWebhookSecret()];
    const signer = new WebhookSigner(secrets);
    expect(signer.sign('dlv_3', 1700000000, body)).toBe(signatureHeader(secrets, 'dlv_3', 1700000000, body));
    expect(signer.sign('dlv_3', 1700000000, body)).toBe(signer.sign('dlv_3', 1700000000, body));
  });

  it('needs at least one secret', () => {
    expect(() => new WebhookSigner([])).toThrow(/at least one signing secret/);
  });
});

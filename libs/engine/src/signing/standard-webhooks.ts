import { createHmac, randomBytes } from 'node:crypto';
import { ConduitError } from '@conduit/shared';

/** Prefix of every webhook signing secret (Standard Webhooks convention). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** Smallest accepted secret, in decoded bytes. */
export const WEBHOOK_SECRET_MIN_BYTES = 24;
/** Largest accepted secret, in decoded bytes. */
export const WEBHOOK_SECRET_MAX_BYTES = 64;
/** Size of the secrets Conduit generates, in bytes. */
export const WEBHOOK_SECRET_GENERATED_BYTES = 32;

// Canonical (padded) standard base64: what `standardwebhooks` and other verifiers decode.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Creates a new signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(WEBHOOK_SECRET_GENERATED_BYTES).toString('base64');
}

/** A safe-to-show reminder of a secret: `whsec_…x9Qa` (prefix and last 4 characters). */
export function secretHint(secret: string): string {
  return `${WEBHOOK_SECRET_PREFIX}…${secret.slice(-4)}`;
}

/**
 * Decodes a `whsec_` secret into its key bytes, or throws BAD_USER_INPUT saying what is wrong.
 * The message never contains the secret.
 */
export function decodeWebhookSecret(secret: string): Buffer {
  if (typeof secret !== 'string' || !secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
    throw invalidSecret('it must start with "whsec_"');
  }
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (encoded.length === 0 || !BASE64.test(encoded)) {
    throw invalidSecret('the part after "whsec_" must be standard base64 (A-Z, a-z, 0-9, +, /, with = padding)');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < WEBHOOK_SECRET_MIN_BYTES || key.length > WEBHOOK_SECRET_MAX_BYTES) {
    throw invalidSecret(`it decodes to ${key.length} bytes`);
  }
  return key;
}

/** True when `secret` is a well-formed `whsec_` secret. */
export function isValidWebhookSecret(secret: string): boolean {
  try {
    decodeWebhookSecret(secret);
    return true;
  } catch {
    return false;
  }
}

function invalidSecret(reason: string): ConduitError {
  return new ConduitError(
    'BAD_USER_INPUT',
    `Invalid webhook signing secret: ${reason}. A secret is "whsec_" followed by the base64 of ` +
      `${WEBHOOK_SECRET_MIN_BYTES} to ${WEBHOOK_SECRET_MAX_BYTES} random bytes; leave it empty to have one generated.`,
    { field: 'secret' },
  );
}

function assertSignable(id: string, timestamp: number): void {
  if (typeof id !== 'string' || id.length === 0 || /\s/.test(id)) {
    throw new ConduitError('BAD_USER_INPUT', 'A webhook message id must be a non-empty string without whitespace.', { field: 'id' });
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new ConduitError('BAD_USER_INPUT', `A webhook timestamp must be whole Unix seconds, got ${String(timestamp)}.`, {
      field: 'timestamp',
    });
  }
}

/**
 * Signs webhook messages with one or more secrets. Secrets are decoded once at construction so
 * that signing on the delivery hot path is one HMAC per secret and nothing else; keep one signer
 * per webhook (and rebuild it when its secrets change).
 */
export class WebhookSigner {
  private readonly keys: readonly Buffer[];

  /** @param secrets the active secrets; during rotation the old and the new one (both are sent). */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) {
      throw new ConduitError('BAD_USER_INPUT', 'A webhook needs at least one signing secret.', { field: 'secret' });
    }
    this.keys = secrets.map(decodeWebhookSecret);
  }

  /** The `webhook-signature` header value: `v1,<base64>` per secret, space-separated. */
  sign(id: string, timestamp: number, body: string): string {
    assertSignable(id, timestamp);
    const content = `${id}.${timestamp}.${body}`;
    let header = '';
    for (const key of this.keys) {
      if (header.length > 0) header += ' ';
      header += 'v1,' + createHmac('sha256', key).update(content).digest('base64');
    }
    return header;
  }
}

/** Options of {@link signPayload}. */
export interface SignPayloadOptions {
  secret: string;
  /** The message id (`webhook-id`): the delivery id, stable across retries. */
  id: string;
  /** Unix seconds (`webhook-timestamp`). */
  timestamp: number;
  /** The exact request body that is sent. */
  body: string;
}

/** One Standard Webhooks signature: `v1,` + base64(HMAC-SHA256(secret bytes, `id.timestamp.body`)). */
export function signPayload(options: SignPayloadOptions): string {
  return new WebhookSigner([options.secret]).sign(options.id, options.timestamp, options.body);
}

/** The `webhook-signature` header for several secrets (rotation sends the old and the new one). */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return new WebhookSigner(secrets).sign(id, timestamp, body);
}

/** Options of {@link webhookHeaders}. */
export interface WebhookHeadersOptions {
  /** The active secrets, or a prepared signer (faster: reuse one per webhook). */
  signer: WebhookSigner | readonly string[];
  id: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
  /** Conduit's version, sent as `user-agent: Conduit-Webhooks/<version>`. */
  version: string;
}

/** The user agent of webhook deliveries. */
export function webhookUserAgent(version: string): string {
  return `Conduit-Webhooks/${version}`;
}

/** The headers of one webhook delivery (lower-case names), ready to merge with custom headers. */
export function webhookHeaders(options: WebhookHeadersOptions): Record<string, string> {
  const signer = options.signer instanceof WebhookSigner ? options.signer : new WebhookSigner(options.signer);
  return {
    'webhook-id': options.id,
    'webhook-timestamp': String(options.timestamp),
    'webhook-signature': signer.sign(options.id, options.timestamp, options.body),
    'content-type': 'application/json',
    'user-agent': webhookUserAgent(options.version),
  };
}

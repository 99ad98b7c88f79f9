import type { DataSource } from 'typeorm';
import type { AttemptOutcome } from '@conduit/shared';
import { CHANNELS, DEFAULT_MAX_RESPONSE_BYTES, newDeliveryId, redactHeaders, redactSecrets, type HttpExchange } from '@conduit/engine';
import type { StoredRequest, StoredResponse } from '../deliveries/delivery.entity';
import type { ExchangeLogType } from './action.types';

/** One HTTP attempt of an action call or credential test, already redacted for storage. */
export interface CallAttempt {
  startedAt: Date;
  durationMs: number;
  outcome: AttemptOutcome;
  request: StoredRequest;
  response: StoredResponse | null;
  error: string | null;
  /** When the next attempt started (null for the last one). */
  nextAttemptAt: Date | null;
}

/** What one call of an action (or test of a credential) leaves in the delivery log. */
export interface CallRecord {
  workspaceId: string;
  integrationId: string;
  actionId: string | null;
  startedAt: Date;
  ok: boolean;
  /** Why the call failed, in words a person can act on; null when it succeeded. */
  error: string | null;
  attempts: CallAttempt[];
}

/**
 * The request as it goes into the log and test results: credential values replaced by `••••`
 * everywhere (the template engine's redacted copy, plus credential-like header names).
 */
export function storedRequest(request: { method: string; url: string; headers: [string, string][]; body: string | undefined }): StoredRequest {
  return { method: request.method, url: request.url, headers: redactHeaders(request.headers), body: request.body ?? null };
}

/**
 * The response as it goes into the log: at most 64 kB of body, and any credential value the
 * target echoed back (in headers or body) replaced by `••••`.
 */
export function storedResponse(exchange: HttpExchange, secrets: readonly string[]): StoredResponse | null {
  if (exchange.status === undefined) return null;
  const { text, truncated } = truncateUtf8(exchange.body ?? '', DEFAULT_MAX_RESPONSE_BYTES);
  return {
    status: exchange.status,
    headers: redactHeaders(exchange.headers.map(([name, value]): [string, string] => [name, redactSecrets(value, secrets)])),
    body: redactSecrets(text, secrets),
    bodyTruncated: truncated || exchange.bodyTruncated,
  };
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let cut = maxBytes;
  // bytes[cut] is the first byte left out: while it continues a character, leave that character out too.
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return { text: bytes.subarray(0, cut).toString('utf8'), truncated: true };
}

/** The GraphQL view of an attempt's exchange (test results). */
export function toExchangeLog(attempt: Pick<CallAttempt, 'request' | 'response' | 'durationMs' | 'error'>): ExchangeLogType {
  return {
    request: {
      method: attempt.request.method,
      url: attempt.request.url,
      headers: attempt.request.headers.map(([name, value]) => ({ name, value })),
      body: attempt.request.body ?? null,
    },
    response: attempt.response
      ? {
          status: attempt.response.status,
          headers: attempt.response.headers.map(([name, value]) => ({ name, value })),
          body: attempt.response.body,
          bodyTruncated: attempt.response.bodyTruncated,
        }
      : null,
    durationMs: Math.round(attempt.durationMs),
    error: attempt.error,
  };
}

/**
 * Writes action calls and credential tests to the delivery log: one finished delivery (no event,
 * never queued for dispatch) with its attempts, in one transaction that also tells live
 * subscribers (`deliveryAttempts`) about the attempts, in the format the dispatcher uses.
 */
export class CallLog {
  constructor(private readonly db: DataSource) {}

  async record(call: CallRecord): Promise<string> {
    const id = newDeliveryId(call.startedAt.getTime());
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO deliveries (id, workspace_id, event_id, webhook_id, action_id, integration_id, status, attempt_count,
                                 next_attempt_at, last_error, created_at, completed_at)
         VALUES ($1, $2, NULL, NULL, $3, $4, $5, $6, NULL, $7, $8, now())`,
        [id, call.workspaceId, call.actionId, call.integrationId, call.ok ? 'SUCCEEDED' : 'FAILED', call.attempts.length, call.error, call.startedAt],
      );
      if (call.attempts.length === 0) return;
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO delivery_attempts (delivery_id, workspace_id, webhook_id, number, started_at, duration_ms, outcome,
                                        request, response, error, will_retry, next_attempt_at)
         SELECT $1, $2, NULL, n, s, d, o, r, p, e, w, x
           FROM unnest($3::int[], $4::timestamptz[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[], $10::bool[], $11::timestamptz[])
                AS t(n, s, d, o, r, p, e, w, x)
         RETURNING id`,
        [
          id,
          call.workspaceId,
          call.attempts.map((_, index) => index + 1),
          call.attempts.map((a) => a.startedAt),
          call.attempts.map((a) => Math.round(a.durationMs)),
          call.attempts.map((a) => a.outcome),
          call.attempts.map((a) => JSON.stringify(a.request)),
          call.attempts.map((a) => (a.response ? JSON.stringify(a.response) : null)),
          call.attempts.map((a) => a.error),
          call.attempts.map((a) => a.nextAttemptAt !== null),
          call.attempts.map((a) => a.nextAttemptAt),
        ],
      );
      await tx.query('SELECT pg_notify($1, $2)', [CHANNELS.attempts, JSON.stringify({ ids: rows.map((r) => String(r.id)) })]);
    });
    return id;
  }
}

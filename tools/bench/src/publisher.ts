import { Pool as HttpPool } from 'undici';
import { ticketPayload } from './load';

/** What publishing `POST /v1/events` answers. */
export interface Published {
  id: string;
  deliveries: number;
}

/**
 * Publishes events with an API key over keep-alive connections (`POST /v1/events`, the
 * platform's ingestion path: the same service call as GraphQL publishEvent without GraphQL).
 */
export class EventPublisher {
  private readonly http: HttpPool;
  private readonly headers: Record<string, string>;

  constructor(baseUrl: string, apiKey: string, connections: number) {
    this.http = new HttpPool(baseUrl, { connections, headersTimeout: 10_000, bodyTimeout: 10_000 });
    this.headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  }

  /** The request body for an event of `type` with the benchmark's ticket payload. */
  static body(type: string, payload: unknown = ticketPayload()): string {
    return JSON.stringify({ type, payload });
  }

  /** Publishes one event (`body` from `EventPublisher.body`); throws unless it is accepted (202). */
  async publish(body: string): Promise<Published> {
    const response = await this.http.request({ method: 'POST', path: '/v1/events', headers: this.headers, body });
    const text = await response.body.text();
    if (response.statusCode !== 202) throw new Error(`POST /v1/events answered ${response.statusCode}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as Published;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

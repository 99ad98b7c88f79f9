import { Pool as HttpPool } from 'undici';
import { deliveryShapedBody, round, runClosedLoops, ticketPayload } from '../load';
import { figureValue, type Scenario, type ScenarioContext, type ScenarioResult } from './scenario';

const WARMUP_MS = 1_000;

/**
 * The ceiling of this machine: a raw undici POST loop (keep-alive, --raw-concurrency in flight,
 * a delivery-sized body and Standard Webhooks-sized headers, no signing, no database) against
 * the same receiver. Conduit's throughput divided by this is how much of the machine it turns
 * into deliveries.
 */
export const rawHttpScenario: Scenario = {
  name: 'raw-http',
  description: 'raw undici POST loop (keep-alive) against the same loopback receiver: the ceiling',
  async run(context: ScenarioContext): Promise<ScenarioResult> {
    const { env, options, log, signal } = context;
    const url = `${env.receiverUrl}/raw`;
    const body = deliveryShapedBody({ eventType: env.eventType, payload: ticketPayload(), url });
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Conduit-Webhooks/0.1.0',
      'webhook-id': 'msg_01KA0000000000000000000000',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': `v1,${'A'.repeat(43)}=`,
    };
    const http = new HttpPool(env.receiverUrl, { connections: options.rawConcurrency, headersTimeout: 10_000, bodyTimeout: 10_000 });
    log(`raw-http: ${options.rawDurationS} s, ${options.rawConcurrency} in flight, ${Buffer.byteLength(body)} B bodies`);
    const startedAt = Date.now();
    const measureFrom = startedAt + WARMUP_MS;
    const until = measureFrom + options.rawDurationS * 1000;
    let ok = 0;
    let errors = 0;
    let firstError: string | null = null;
    let measuredAt = 0;
    try {
      await runClosedLoops({
        concurrency: options.rawConcurrency,
        untilMs: until,
        signal,
        task: async () => {
          const response = await http.request({ method: 'POST', path: '/raw', headers, body });
          await response.body.dump();
          const now = Date.now();
          if (now < measureFrom) return;
          if (response.statusCode >= 200 && response.statusCode < 300) ok++;
          else throw new Error(`the receiver answered ${response.statusCode}`);
          measuredAt = now;
        },
        onError: (error) => {
          errors++;
          firstError ??= (error as Error).message;
        },
      });
    } finally {
      await http.close();
    }
    const seconds = (Math.max(measuredAt, measureFrom) - measureFrom) / 1000;
    const rate = seconds > 0 ? ok / seconds : null;
    const conduit = figureValue(context.previous, 'throughput', 'deliveriesPerSecond');
    const ratio = typeof conduit === 'number' && rate ? conduit / rate : null;
    return {
      scenario: this.name,
      description: this.description,
      figures: [
        { key: 'requestsPerSecond', label: 'requests/s (2xx)', value: round(rate), unit: '/s' },
        { key: 'requests', label: 'requests measured', value: ok },
        { key: 'seconds', label: 'measured for', value: round(seconds, 1), unit: 's' },
        { key: 'concurrency', label: 'in flight', value: options.rawConcurrency },
        { key: 'bodyBytes', label: 'body size', value: Buffer.byteLength(body), unit: 'B' },
        { key: 'errors', label: 'errors', value: errors },
        { key: 'conduitToRaw', label: 'ratio Conduit deliveries/s ÷ raw requests/s', value: round(ratio, 3) },
      ],
      details: { firstError },
    };
  },
};

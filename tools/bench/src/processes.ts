import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Where progress messages go (stderr in the CLI, so stdout keeps only the results). */
export type Log = (message: string) => void;

const KEPT_LINES = 200;

/**
 * One child process of the benchmark, in its own process group so that everything it starts
 * (the embedded PostgreSQL) can be ended with it.
 */
export class ManagedChild {
  readonly exited: Promise<number | null>;
  /** The last lines it wrote (stdout and stderr), for error reports. */
  readonly lines: string[] = [];
  /** Lines that are pino records at level error or fatal. */
  errorLines = 0;
  /** The first of those lines, for the report. */
  readonly firstErrors: string[] = [];
  private exitCode: number | null | undefined = undefined;
  private readonly lineWaiters: ((line: string) => void)[] = [];

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0);
        resolve(this.exitCode);
      });
      process.once('error', (error) => {
        this.keep(`spawn error: ${error.message}`);
        this.exitCode = null;
        resolve(null);
      });
    });
    for (const stream of [process.stdout, process.stderr]) {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) this.keep(line);
      });
    }
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The next line the child writes, or a rejection if it exits or stays silent for `timeoutMs`. */
  nextLine(timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} wrote nothing within ${timeoutMs} ms.\n${this.tail()}`)), timeoutMs);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (code ${code}) before it was ready.\n${this.tail()}`));
      });
      this.lineWaiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  }

  tail(count = 30): string {
    return this.lines.slice(-count).map((line) => `  ${this.name}| ${line.slice(0, 400)}`).join('\n');
  }

  /**
   * SIGTERM to the process (it stops what it started, e.g. its embedded PostgreSQL), then SIGKILL
   * to its whole group after `graceMs` or for whatever the group still holds once it has exited.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.running) {
      this.signal('SIGTERM', false);
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      if ((await Promise.race([this.exited, timer])) === 'timeout') this.signal('SIGKILL', true);
      await Promise.race([this.exited, sleep(2_000)]);
    }
    if (this.groupAlive()) {
      await sleep(500);
      this.signal('SIGKILL', true);
    }
  }

  /** Last resort at process exit: synchronous, no waiting. */
  killNow(): void {
    this.signal('SIGKILL', true);
  }

  private signal(signal: NodeJS.Signals, group: boolean): void {
    const pid = this.process.pid;
    if (pid === undefined) return;
    try {
      process.kill(group ? -pid : pid, signal);
    } catch {
      // Already gone.
    }
  }

  private groupAlive(): boolean {
    const pid = this.process.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  private keep(line: string): void {
    if (line.startsWith('{')) {
      const level = /"level":(\d+)/.exec(line);
      if (level && Number(level[1]) >= 50) {
        this.errorLines++;
        if (this.firstErrors.length < 5) this.firstErrors.push(line.slice(0, 2_000));
      }
    }
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    const waiter = this.lineWaiters.shift();
    waiter?.(line);
  }
}

/** The benchmark's children: started here, always stopped by `stopAll` (or killed at exit). */
export class ChildProcesses {
  private readonly children: ManagedChild[] = [];

  constructor() {
    // If the benchmark itself dies, take the children with it.
    process.once('exit', () => {
      for (const child of this.children) child.killNow();
    });
  }

  spawnNode(name: string, options: { script: string; args?: string[]; nodeArgs?: string[]; env: NodeJS.ProcessEnv; cwd: string }): ManagedChild {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script, ...(options.args ?? [])], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const managed = new ManagedChild(name, child);
    this.children.push(managed);
    return managed;
  }

  /** Stops the children, the last started first (Conduit before the receiver it sends to). */
  async stopAll(graceMs: number): Promise<void> {
    for (const child of [...this.children].reverse()) await child.stop(graceMs);
  }

  killAll(): void {
    for (const child of this.children) child.killNow();
  }
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

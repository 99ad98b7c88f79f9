import { ConduitError } from '@conduit/shared';

interface Entry {
  failures: number;
  firstFailureAt: number;
  blockedUntil: number;
}

/**
 * Brute-force protection for sign-in: after `maxFailures` wrong passwords for one email from one
 * address within `windowMs`, further attempts are refused for `blockMs`. Kept in process memory:
 * behind several API replicas each one counts on its own, which still bounds guessing.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly blockMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `what` names the attempts in the error, e.g. "password changes". */
  check(key: string, what = 'sign-ins'): void {
    const entry = this.entries.get(key);
    if (entry && entry.blockedUntil > this.now()) {
      const minutes = Math.ceil((entry.blockedUntil - this.now()) / 60_000);
      throw new ConduitError('RATE_LIMITED', `Too many failed ${what}. Try again in ${minutes} minute(s).`);
    }
  }

  fail(key: string): void {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.firstFailureAt > this.windowMs) {
      entry = { failures: 0, firstFailureAt: now, blockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.failures += 1;
    if (entry.failures >= this.maxFailures) entry.blockedUntil = now + this.blockMs;
    if (this.entries.size > 100_000) this.prune(now);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.blockedUntil < now && now - entry.firstFailureAt > this.windowMs) this.entries.delete(key);
    }
  }
}

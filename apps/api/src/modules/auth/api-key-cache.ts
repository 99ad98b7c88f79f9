import type { Principal } from '../../graphql/context';

/** What the cache of successful API-key lookups holds and how it has been used (GET /metrics). */
export interface ApiKeyCacheStats {
  entries: number;
  hits: number;
  misses: number;
}

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * Successful API-key lookups of this process, by SHA-256 of the key (never the key itself), for
 * `ttlMs` at most and `maxEntries` at most (the oldest stored goes first). Unknown or revoked keys
 * are never stored. Revocations reach every process as `conduit_auth` notifications and evict at
 * once; `clear()` follows a lost notification connection. A lookup that was under way while an
 * eviction happened does not store its (possibly stale) answer: see {@link generation}.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private evictions = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly options: { ttlMs: number; maxEntries: number; now?: () => number }) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntries > 0;
  }

  /** Changes with every eviction: take it before reading the database and hand it to {@link set}. */
  get generation(): number {
    return this.evictions;
  }

  get(keyHash: string): Principal | null {
    if (!this.enabled) return null;
    const entry = this.entries.get(keyHash);
    if (entry && entry.expiresAt > this.now()) {
      this.hits += 1;
      return entry.principal;
    }
    if (entry) this.entries.delete(keyHash);
    this.misses += 1;
    return null;
  }

  /** Stores a successful lookup unless something was evicted since `generation` was read. */
  set(keyHash: string, principal: Principal, generation: number): void {
    if (!this.enabled || generation !== this.evictions) return;
    this.entries.delete(keyHash);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(keyHash, { principal, expiresAt: this.now() + this.options.ttlMs });
  }

  /** Forgets one key (`apiKeyId`) or every key of a workspace. */
  evict(scope: { workspaceId: string; apiKeyId?: string | null }): void {
    this.evictions += 1;
    for (const [hash, { principal }] of this.entries) {
      if (principal.workspaceId !== scope.workspaceId) continue;
      if (scope.apiKeyId && principal.apiKeyId !== scope.apiKeyId) continue;
      this.entries.delete(hash);
    }
  }

  clear(): void {
    this.evictions += 1;
    this.entries.clear();
  }

  stats(): ApiKeyCacheStats {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}

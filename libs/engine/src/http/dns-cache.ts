import { lookup } from 'node:dns/promises';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Resolves a host name to all its addresses (the default uses the system resolver, like browsers). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`, honouring /etc/hosts), all addresses in the system's order. */
export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true });

/** Default time a resolution is reused. New connections are rare with keep-alive; this mainly absorbs bursts. */
export const DEFAULT_DNS_CACHE_TTL_MS = 30_000;

interface Entry {
  expiresAt: number;
  addresses: Promise<readonly ResolvedAddress[]>;
}

/**
 * Caches resolutions for a short time and shares one lookup between concurrent callers, so a burst
 * of new connections to one host costs one `getaddrinfo` (they run on libuv's small thread pool).
 * Failures are not cached.
 */
export class DnsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly resolver: HostResolver = systemResolver,
    private readonly ttlMs: number = DEFAULT_DNS_CACHE_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** The addresses of `hostname`, from the cache while fresh. */
  resolve(hostname: string): Promise<readonly ResolvedAddress[]> {
    const now = Date.now();
    const cached = this.entries.get(hostname);
    if (cached && cached.expiresAt > now) return cached.addresses;
    const addresses = this.resolver(hostname);
    if (this.ttlMs <= 0) return addresses;
    const entry: Entry = { expiresAt: now + this.ttlMs, addresses };
    if (cached) this.entries.delete(hostname);
    else if (this.entries.size >= this.maxEntries) this.evictOldest();
    this.entries.set(hostname, entry);
    addresses.catch(() => {
      if (this.entries.get(hostname) === entry) this.entries.delete(hostname);
    });
    return addresses;
  }

  /** Forgets every resolution. */
  clear(): void {
    this.entries.clear();
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}

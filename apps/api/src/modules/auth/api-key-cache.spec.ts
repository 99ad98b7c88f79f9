import type { Principal } from '../../graphql/context';
import { ApiKeyCache } from './api-key-cache';

const key = (apiKeyId: string, workspaceId = 'w1'): Principal => ({ kind: 'apiKey', userId: null, apiKeyId, sessionId: null, workspaceId, role: 'DEVELOPER' });

describe('ApiKeyCache', () => {
  let now = 0;
  const cache = (ttlMs = 5_000, maxEntries = 3) => new ApiKeyCache({ ttlMs, maxEntries, now: () => now });
  beforeEach(() => {
    now = 1_000;
  });

  it('answers for ttlMs, then reads again', () => {
    const c = cache();
    c.set('h1', key('k1'), c.generation);
    now += 4_999;
    expect(c.get('h1')?.apiKeyId).toBe('k1');
    now += 1;
    expect(c.get('h1')).toBeNull();
    expect(c.stats()).toEqual({ entries: 0, hits: 1, misses: 1 });
  });

  it('holds maxEntries at most, dropping the oldest stored', () => {
    const c = cache();
    for (const n of [1, 2, 3, 4]) c.set(`h${n}`, key(`k${n}`), c.generation);
    expect(c.stats().entries).toBe(3);
    expect(c.get('h1')).toBeNull();
    expect(c.get('h4')?.apiKeyId).toBe('k4');
  });

  it('evicts one key, or every key of a workspace, and nothing else', () => {
    const c = cache(5_000, 10);
    c.set('a1', key('k1', 'wa'), c.generation);
    c.set('a2', key('k2', 'wa'), c.generation);
    c.set('b1', key('k3', 'wb'), c.generation);
    c.evict({ workspaceId: 'wa', apiKeyId: 'k1' });
    expect([c.get('a1'), c.get('a2')?.apiKeyId, c.get('b1')?.apiKeyId]).toEqual([null, 'k2', 'k3']);
    c.evict({ workspaceId: 'wa' });
    expect([c.get('a2'), c.get('b1')?.apiKeyId]).toEqual([null, 'k3']);
  });

  it('does not store a lookup that was under way when something was evicted (it may predate a revocation)', () => {
    const c = cache();
    const generation = c.generation; // the lookup starts
    c.evict({ workspaceId: 'w1', apiKeyId: 'k1' }); // the key is revoked meanwhile
    c.set('h1', key('k1'), generation);
    expect(c.get('h1')).toBeNull();
    const cleared = c.generation;
    c.clear();
    c.set('h1', key('k1'), cleared);
    expect(c.get('h1')).toBeNull();
  });

  it('caches nothing when the TTL is 0', () => {
    const c = cache(0);
    c.set('h1', key('k1'), c.generation);
    expect(c.get('h1')).toBeNull();
    expect(c.stats()).toEqual({ entries: 0, hits: 0, misses: 0 });
  });
});

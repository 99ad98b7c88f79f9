import { DnsCache, type ResolvedAddress } from './dns-cache';

describe('DnsCache', () => {
  function counting(answers: Array<ResolvedAddress[] | Error>): { resolver: (host: string) => Promise<ResolvedAddress[]>; calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      resolver: async (host) => {
        const answer = answers[Math.min(calls.length, answers.length - 1)];
        calls.push(host);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  }
  const A = [{ address: '93.184.216.34', family: 4 }];
  const B = [{ address: '93.184.216.35', family: 4 }];

  it('reuses an answer while fresh and shares concurrent lookups', async () => {
    const { resolver, calls } = counting([A]);
    const cache = new DnsCache(resolver, 60_000);
    const answers = await Promise.all([cache.resolve('a.test'), cache.resolve('a.test'), cache.resolve('a.test')]);
    expect(answers).toEqual([A, A, A]);
    await cache.resolve('a.test');
    expect(calls).toEqual(['a.test']);
  });

  it('looks up again after the TTL or clear()', async () => {
    const { resolver, calls } = counting([A, B]);
    const cache = new DnsCache(resolver, 20);
    expect(await cache.resolve('a.test')).toEqual(A);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await cache.resolve('a.test')).toEqual(B);
    cache.clear();
    await cache.resolve('a.test');
    expect(calls).toHaveLength(3);
  });

  it('does not cache failures', async () => {
    const { resolver, calls } = counting([new Error('EAI_AGAIN'), A]);
    const cache = new DnsCache(resolver, 60_000);
    await expect(cache.resolve('a.test')).rejects.toThrow('EAI_AGAIN');
    expect(await cache.resolve('a.test')).toEqual(A);
    expect(calls).toHaveLength(2);
  });

  it('does not cache with a TTL of 0, and bounds its size', async () => {
    const uncached = counting([A]);
    const off = new DnsCache(uncached.resolver, 0);
    await off.resolve('a.test');
    await off.resolve('a.test');
    expect(uncached.calls).toHaveLength(2);

    const bounded = counting([A]);
    const small = new DnsCache(bounded.resolver, 60_000, 2);
    await small.resolve('a.test');
    await small.resolve('b.test');
    await small.resolve('c.test'); // evicts a.test
    await small.resolve('c.test');
    await small.resolve('a.test');
    expect(bounded.calls).toEqual(['a.test', 'b.test', 'c.test', 'a.test']);
  });
});

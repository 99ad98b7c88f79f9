import { describe, expect, it, jest } from '@jest/globals';
import { bearer, createTokenStore, TOKEN_STORAGE_KEY, type TokenStorage } from './token-store';

function memoryStorage(initial: Record<string, string> = {}): TokenStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('createTokenStore', () => {
  it('starts from the token kept by an earlier visit', () => {
    const store = createTokenStore(memoryStorage({ [TOKEN_STORAGE_KEY]: 'tok_1' }));

    expect(store.get()).toBe('tok_1');
  });

  it('keeps a new token in storage and forgets it on sign-out', () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage);

    store.set('tok_2');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('tok_2');
    expect(store.get()).toBe('tok_2');

    store.clear();
    expect(storage.data.has(TOKEN_STORAGE_KEY)).toBe(false);
    expect(store.get()).toBeNull();
  });

  it('tells subscribers about changes, once per change, until they unsubscribe', () => {
    const store = createTokenStore(memoryStorage());
    const listener = jest.fn();
    const unsubscribe = store.subscribe(listener);

    store.set('tok_3');
    store.set('tok_3');
    store.clear();
    unsubscribe();
    store.set('tok_4');

    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('still signs in when storage refuses writes, for this tab only', () => {
    const refusing: TokenStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const store = createTokenStore(refusing);

    store.set('tok_5');

    expect(store.get()).toBe('tok_5');
  });

  it('works without any storage', () => {
    const store = createTokenStore(undefined);
    store.set('tok_6');
    expect(store.get()).toBe('tok_6');
  });
});

describe('bearer', () => {
  it('builds the Authorization value, or none when signed out', () => {
    expect(bearer('tok_7')).toBe('Bearer tok_7');
    expect(bearer(null)).toBeUndefined();
  });
});

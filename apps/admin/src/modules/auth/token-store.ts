/** Where the session token is kept between visits. */
export const TOKEN_STORAGE_KEY = 'conduit.token';

/** The part of the Web Storage API the token store needs (localStorage in the browser). */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The signed-in session's token, observable so the console can switch screens when it changes. */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/**
 * A token store backed by `storage`. Storage can be missing or refuse writes (private browsing,
 * quota); the token then lives in memory for this tab only rather than breaking sign-in.
 */
export function createTokenStore(storage: TokenStorage | undefined, key = TOKEN_STORAGE_KEY): TokenStore {
  let token = readStored(storage, key);
  const listeners = new Set<() => void>();

  function change(next: string | null): void {
    if (next === token) return;
    token = next;
    try {
      if (next === null) storage?.removeItem(key);
      else storage?.setItem(key, next);
    } catch {
      // Kept in memory only; see above.
    }
    for (const listener of [...listeners]) listener();
  }

  return {
    get: () => token,
    set: (next) => change(next === '' ? null : next),
    clear: () => change(null),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The Authorization header value for a token, or undefined when signed out. */
export function bearer(token: string | null): string | undefined {
  return token ? `Bearer ${token}` : undefined;
}

function readStored(storage: TokenStorage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) || null;
  } catch {
    return null;
  }
}

/** The browser's localStorage, or undefined where reading it is refused (blocked site data). */
export function browserStorage(): TokenStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

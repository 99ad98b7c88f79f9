/**
 * The live feed of attempts: newest first, capped, and pausable. While paused, incoming attempts
 * wait (counted) instead of moving the rows under the reader's eyes; resuming shows them.
 */

/** Rows kept on screen; older ones drop off the bottom (the table below has them all). */
export const LIVE_FEED_LIMIT = 100;

export interface LiveFeedState<T> {
  rows: T[];
  /** Arrived while paused, newest first. */
  waiting: T[];
  paused: boolean;
}

export type LiveFeedAction<T> = { type: 'received'; item: T } | { type: 'pause' } | { type: 'resume' } | { type: 'clear' };

export function emptyFeed<T>(): LiveFeedState<T> {
  return { rows: [], waiting: [], paused: false };
}

export function liveFeed<T extends { id: string }>(state: LiveFeedState<T>, action: LiveFeedAction<T>): LiveFeedState<T> {
  switch (action.type) {
    case 'received': {
      // graphql-ws may re-deliver after a reconnect; an attempt is shown once.
      if (state.rows.some((row) => row.id === action.item.id) || state.waiting.some((row) => row.id === action.item.id)) return state;
      if (state.paused) return { ...state, waiting: [action.item, ...state.waiting].slice(0, LIVE_FEED_LIMIT) };
      return { ...state, rows: [action.item, ...state.rows].slice(0, LIVE_FEED_LIMIT) };
    }
    case 'pause':
      return { ...state, paused: true };
    case 'resume':
      return { rows: [...state.waiting, ...state.rows].slice(0, LIVE_FEED_LIMIT), waiting: [], paused: false };
    case 'clear':
      return { ...emptyFeed<T>(), paused: state.paused };
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}

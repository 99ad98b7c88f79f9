import { useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { DeliveryFilter, DeliveryLogAttemptFragment } from '../../../generated/graphql';
import { LIVE_DELIVERY_ATTEMPTS } from '../graphql/deliveries.operations';
import { emptyFeed, liveFeed, type LiveFeedState } from '../live-feed';

export interface LiveAttempts extends LiveFeedState<DeliveryLogAttemptFragment> {
  /** The subscription failed (e.g. the WebSocket is down); graphql-ws keeps retrying. */
  error: unknown;
  pause(): void;
  resume(): void;
}

/**
 * Attempts as they are made, newest first, for the deliveries matching `filter` (the
 * `deliveryAttempts` subscription). The feed restarts when the filter changes. `onAttempt` sees
 * every attempt, also while the feed is paused (to refresh a table or a detail view).
 */
export function useLiveAttempts(filter: DeliveryFilter, onAttempt?: (attempt: DeliveryLogAttemptFragment) => void): LiveAttempts {
  const [state, dispatch] = useReducer(liveFeed<DeliveryLogAttemptFragment>, undefined, () => emptyFeed<DeliveryLogAttemptFragment>());
  const onAttemptRef = useRef(onAttempt);
  useEffect(() => {
    onAttemptRef.current = onAttempt;
  });

  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    dispatch({ type: 'clear' });
  }, [filterKey]);

  const { error } = useSubscription(LIVE_DELIVERY_ATTEMPTS, {
    variables: { filter },
    onData: ({ data }) => {
      const attempt = data.data?.deliveryAttempts;
      if (!attempt) return;
      dispatch({ type: 'received', item: attempt });
      onAttemptRef.current?.(attempt);
    },
  });

  const pause = useCallback(() => dispatch({ type: 'pause' }), []);
  const resume = useCallback(() => dispatch({ type: 'resume' }), []);
  return { ...state, error, pause, resume };
}

import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { FLOW_RUN, FLOW_RUN_UPDATED } from '../graphql/flows.operations';
import { isFinished } from '../run-status';

/** How soon after opening the page the run is read once more, for a change made before the subscription started. */
const CATCH_UP_MS = 1500;

/**
 * A run, kept current by `flowRunUpdated`: every update is a FlowRun with its id, which Apollo
 * writes over the cached run the query reads, so the page changes as the steps do.
 */
export function useLiveFlowRun(runId: string) {
  const query = useQuery(FLOW_RUN, { variables: { id: runId } });
  const live = useSubscription(FLOW_RUN_UPDATED, { variables: { flowRunId: runId } });
  const latest = useRef(query);
  latest.current = query;

  useEffect(() => {
    // Only the moment before the subscription is set up can miss a change: read the run once more.
    const timer = setTimeout(() => {
      const status = latest.current.data?.flowRun?.status;
      if (status && !isFinished(status)) void latest.current.refetch();
    }, CATCH_UP_MS);
    return () => clearTimeout(timer);
  }, [runId]);

  return { ...query, liveError: live.error };
}

import { useQuery, useSubscription } from '@apollo/client/react';
import { FLOW_RUNS, FLOW_RUNS_UPDATED } from '../graphql/flows.operations';

export const RUN_HISTORY_SIZE = 20;

/**
 * A flow's latest runs, live: a change to a listed run updates it in place (Apollo's cache), a run
 * the list does not have yet (just started) reloads the list.
 */
export function useLiveFlowRuns(flowId: string) {
  const query = useQuery(FLOW_RUNS, { variables: { flowId, first: RUN_HISTORY_SIZE }, fetchPolicy: 'cache-and-network' });
  const { data, refetch } = query;
  const live = useSubscription(FLOW_RUNS_UPDATED, {
    variables: { flowId },
    onData: ({ data: update }) => {
      const run = update.data?.flowRunUpdated;
      if (run && !data?.flowRuns.some((r) => r.id === run.id)) void refetch();
    },
  });
  return { ...query, liveError: live.error };
}

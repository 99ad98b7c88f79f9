import { Alert, Anchor, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { EmptyState } from '../../../components/EmptyState';
import { QueryState } from '../../../components/QueryState';
import { apiErrorMessage } from '../../../app/api-error';
import { formatDuration, formatTime } from '../../../components/pretty';
import { RUN_HISTORY_SIZE, useLiveFlowRuns } from '../hooks/useLiveFlowRuns';
import { isFinished, runDurationMs, stepProgress } from '../run-status';
import { RunStatusBadge } from './RunStatusBadge';

/** The latest runs of a flow, updated as they progress. */
export function RunHistory({ flowId }: { flowId: string }) {
  const { data, loading, error, refetch, liveError } = useLiveFlowRuns(flowId);
  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ flowRuns }) => (
        <>
          {liveError && (
            <Alert color="yellow" mb="sm" title="Live updates stopped">
              {apiErrorMessage(liveError)} Reload the page to see the latest state.
            </Alert>
          )}
          {error && <ErrorAlert error={error} />}
          {flowRuns.length === 0 ? (
            <EmptyState title="No runs yet">
              A run calls the steps in order. Start one with Run now and your variables, or let one of the flow&apos;s events start it; each run is listed here with its
              steps&apos; status.
            </EmptyState>
          ) : (
            <Paper withBorder>
              <Table verticalSpacing="xs" highlightOnHover aria-label="Run history">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Run</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Steps</Table.Th>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>Duration</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {flowRuns.map((run) => (
                    <Table.Tr key={run.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/flows/${flowId}/runs/${run.id}`} ff="monospace" size="sm">
                          {run.id.slice(0, 8)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <RunStatusBadge status={run.status} size="sm" />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{stepProgress(run.steps)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatTime(run.startedAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{isFinished(run.status) ? formatDuration(runDurationMs(run)) : '—'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {flowRuns.length >= RUN_HISTORY_SIZE && (
                <Text size="xs" c="dimmed" p="xs">
                  The latest {RUN_HISTORY_SIZE} runs.
                </Text>
              )}
            </Paper>
          )}
        </>
      )}
    </QueryState>
  );
}

import { Alert, Anchor, Button, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { apiErrorMessage } from '../../../app/api-error';
import { NotFound } from '../../../app/routes';
import { JsonView } from '../../../components/JsonView';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatDuration, formatTime } from '../../../components/pretty';
import { StepRunCard } from '../components/StepRunCard';
import { RunStatusBadge } from '../components/RunStatusBadge';
import { useLiveFlowRun } from '../hooks/useLiveFlowRun';
import { isFinished, runDurationMs, stepProgress } from '../run-status';

/** /flows/:id/runs/:runId: one run, live. */
export function FlowRunPage() {
  const { id = '', runId = '' } = useParams();
  const { data, loading, error, refetch, liveError } = useLiveFlowRun(runId);

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ flowRun: run }) => {
        if (!run || run.flow.id !== id) return <NotFound />;
        const definitions = new Map(run.flow.steps.map((s) => [s.key, s]));
        return (
          <>
            <PageHeader
              title={`Run of ${run.flow.name}`}
              description={
                <Text span ff="monospace" size="sm">
                  {run.id}
                </Text>
              }
              actions={
                <Button component={Link} to={`/flows/${id}`} variant="subtle" leftSection={<IconArrowLeft size={16} />}>
                  {run.flow.name}
                </Button>
              }
            />
            {liveError && (
              <Alert color="yellow" mb="md" title="Live updates stopped">
                {apiErrorMessage(liveError)}{' '}
                <Anchor component="button" onClick={() => void refetch()}>
                  Refresh
                </Anchor>
              </Alert>
            )}
            <Paper withBorder p="md" mb="lg">
              <SimpleGrid cols={{ base: 2, md: 4 }}>
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    Status
                  </Text>
                  <Group gap="xs" data-testid="run-status" data-status={run.status}>
                    <RunStatusBadge status={run.status} size="lg" />
                  </Group>
                </Stack>
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    Progress
                  </Text>
                  <Text>{stepProgress(run.steps)}</Text>
                </Stack>
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    Started
                  </Text>
                  <Text>{formatTime(run.startedAt)}</Text>
                </Stack>
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    {isFinished(run.status) ? 'Took' : 'Running for'}
                  </Text>
                  <Text>{isFinished(run.status) ? formatDuration(runDurationMs(run)) : 'in progress, updates live'}</Text>
                </Stack>
              </SimpleGrid>
            </Paper>
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: 8 }}>
                <Stack gap="sm">
                <Title order={4}>Steps</Title>
                {run.steps.map((step, index) => (
                  <StepRunCard key={step.key} step={step} position={index + 1} definition={definitions.get(step.key)} />
                ))}
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 4 }}>
                <Stack gap="sm">
                  <Title order={4}>Variables</Title>
                  <JsonView value={run.variables} />
                </Stack>
              </Grid.Col>
            </Grid>
          </>
        );
      }}
    </QueryState>
  );
}

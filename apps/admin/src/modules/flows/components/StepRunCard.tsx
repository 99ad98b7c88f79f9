import { Alert, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { JsonView } from '../../../components/JsonView';
import type { FlowRunFieldsFragment } from '../../../generated/graphql';
import { RunStatusBadge } from './RunStatusBadge';

type StepRun = FlowRunFieldsFragment['steps'][number];

interface StepRunCardProps {
  step: StepRun;
  position: number;
  /** The step as the flow defines it now (name, action), when it still has this key. */
  definition?: { name: string | null; action: { name: string; integration: { name: string } } };
}

/** One step of a run: status, attempts, outputs or error, as they change. */
export function StepRunCard({ step, position, definition }: StepRunCardProps) {
  return (
    <Paper withBorder p="md" component="section" aria-label={`Step ${step.key}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Text fw={600}>
              {position}. {definition?.name || step.key}{' '}
              <Text span c="dimmed" ff="monospace" size="sm">
                {step.key}
              </Text>
            </Text>
            {definition && (
              <Text size="xs" c="dimmed">
                {definition.action.integration.name} › {definition.action.name}
              </Text>
            )}
          </div>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {step.attempts === 1 ? '1 attempt' : `${step.attempts} attempts`}
            </Text>
            <RunStatusBadge status={step.status} />
          </Group>
        </Group>
        {step.error && (
          <Alert color="red" variant="light" p="xs" title="Error">
            {step.error}
          </Alert>
        )}
        {step.outputs !== null && step.outputs !== undefined && (
          <SimpleGrid cols={1}>
            <Text size="xs" c="dimmed">
              Outputs
            </Text>
            <JsonView value={step.outputs} maxHeight={200} />
          </SimpleGrid>
        )}
        {step.status === 'PENDING' && (
          <Text size="sm" c="dimmed">
            Waits for the steps before it.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

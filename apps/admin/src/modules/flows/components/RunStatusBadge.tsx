import { Badge, Loader } from '@mantine/core';
import type { RunStatus } from '../../../generated/graphql';
import { runStatusBadge } from '../run-status';

export function RunStatusBadge({ status, size = 'md' }: { status: RunStatus; size?: 'sm' | 'md' | 'lg' }) {
  const badge = runStatusBadge(status);
  return (
    <Badge color={badge.color} variant="light" size={size} data-status={status} leftSection={status === 'RUNNING' ? <Loader size={10} color={badge.color} /> : undefined}>
      {badge.label}
    </Badge>
  );
}

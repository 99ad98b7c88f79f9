import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { failureSummary, healthBadge, type Health } from './health-badge';

interface HealthBadgeProps {
  health: Health;
  consecutiveFailures?: number;
}

/** A webhook's or automation's health, with what it means on hover and the failure streak beside it. */
export function HealthBadge({ health, consecutiveFailures = 0 }: HealthBadgeProps) {
  const badge = healthBadge(health);
  const failures = failureSummary(consecutiveFailures);
  return (
    <Group gap={6} wrap="nowrap">
      <Tooltip label={badge.hint} multiline maw={280}>
        <Badge color={badge.color} variant="light" data-health={health}>
          {badge.label}
        </Badge>
      </Tooltip>
      {failures && (
        <Text size="xs" c="dimmed">
          {failures}
        </Text>
      )}
    </Group>
  );
}

import { Anchor, Badge, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { HealthBadge } from '../../../components/HealthBadge';
import type { AttentionItem } from '../needs-attention';

interface NeedsAttentionProps {
  items: AttentionItem[];
  /** How many webhooks and automations there are in all, for the all-clear line. */
  targetCount: number;
}

/** Disabled, failing and degraded webhooks and automations, the most urgent first, each linking to its page. */
export function NeedsAttention({ items, targetCount }: NeedsAttentionProps) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="needs-attention-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4} id="needs-attention-title">
            Needs attention
          </Title>
          {items.length > 0 && (
            <Badge color="red" variant="light">
              {items.length}
            </Badge>
          )}
        </Group>
        {items.length === 0 ? (
          <Group gap="xs" wrap="nowrap">
            <ThemeIcon color="teal" variant="light" radius="xl">
              <IconCircleCheck size={18} />
            </ThemeIcon>
            <Text size="sm" c="dimmed">
              {targetCount === 0
                ? 'No webhooks or automations yet.'
                : `All ${targetCount} webhooks and automations are healthy: deliveries are getting through.`}
            </Text>
          </Group>
        ) : (
          <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Webhooks and automations that need attention">
            {items.map((item) => (
              <AttentionRow key={`${item.kind}:${item.id}`} item={item} />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function AttentionRow({ item }: { item: AttentionItem }) {
  return (
    <li style={{ borderTop: '1px solid var(--mantine-color-default-border)', padding: 'var(--mantine-spacing-sm) 0' }}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {item.kind}
          </Text>
          <HealthBadge health={item.health} consecutiveFailures={item.consecutiveFailures} />
        </Group>
        <Anchor component={Link} to={item.href} fw={500} style={{ wordBreak: 'break-word' }}>
          {item.name}
        </Anchor>
        {item.detail && (
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {item.detail}
          </Text>
        )}
        {item.disabledReason && <Text size="sm">{item.disabledReason}</Text>}
      </Stack>
    </li>
  );
}

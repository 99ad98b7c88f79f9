import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  /** What this is for and what to do next. */
  children: ReactNode;
  action?: ReactNode;
}

/** Shown instead of an empty table: explains what belongs here and how to get started. */
export function EmptyState({ title, children, action }: EmptyStateProps) {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="empty-state">
      <Stack align="center" gap="sm" maw={560} mx="auto" ta="center">
        <Title order={4}>{title}</Title>
        <Text c="dimmed" size="sm">
          {children}
        </Text>
        {action}
      </Stack>
    </Paper>
  );
}

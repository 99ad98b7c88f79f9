import { useQuery } from '@apollo/client/react';
import { AppShell, Badge, Burger, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconApps,
  IconBolt,
  IconChevronDown,
  IconGauge,
  IconListDetails,
  IconLogout,
  IconPlugConnected,
  IconRoute,
  IconSettings,
  IconTimeline,
  IconWebhook,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryState } from '../components/QueryState';
import { VIEWER } from '../modules/auth/graphql/auth.operations';
import { WorkspaceSwitcher } from '../modules/auth/components/WorkspaceSwitcher';
import { ViewerProvider } from './viewer';

interface ShellProps {
  onSignOut: () => void;
  onSession: (token: string) => void;
  children: ReactNode;
}

/** Where each part of the console lives; the order is the navigation's. */
export const SECTIONS = [
  { path: '/', label: 'Dashboard', icon: IconGauge },
  { path: '/webhooks', label: 'Webhooks', icon: IconWebhook },
  { path: '/deliveries', label: 'Delivery log', icon: IconListDetails },
  { path: '/integrations', label: 'Integrations', icon: IconPlugConnected },
  { path: '/automations', label: 'Automations', icon: IconBolt },
  { path: '/flows', label: 'Flows', icon: IconRoute },
  { path: '/events', label: 'Events', icon: IconTimeline },
  { path: '/settings', label: 'Settings', icon: IconSettings },
] as const;

/** The signed-in frame: navigation, workspace switcher, who is signed in with which role. */
export function Shell({ onSignOut, onSession, children }: ShellProps) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const { data, loading, error, refetch } = useQuery(VIEWER);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Group gap={6} wrap="nowrap">
              <IconApps size={22} />
              <Text fw={700} size="lg">
                Conduit
              </Text>
            </Group>
            {data && <WorkspaceSwitcher current={data.viewer.workspace} workspaces={data.workspaces} onSession={onSession} />}
          </Group>
          {data && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label="Account">
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{data.viewer.user?.email ?? 'API key'}</Text>
                    <Badge variant="light" data-testid="viewer-role">
                      {data.viewer.role}
                    </Badge>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconLogout size={14} />} onClick={onSignOut}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {SECTIONS.map((section) => (
            <NavLink
              key={section.path}
              component={RouterLink}
              to={section.path}
              label={section.label}
              leftSection={<section.icon size={18} />}
              active={section.path === '/' ? location.pathname === '/' : location.pathname.startsWith(section.path)}
              onClick={close}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
          {(loaded) => (
            <ViewerProvider viewer={loaded.viewer}>
              {error && <ErrorAlert error={error} />}
              {children}
            </ViewerProvider>
          )}
        </QueryState>
      </AppShell.Main>
    </AppShell>
  );
}

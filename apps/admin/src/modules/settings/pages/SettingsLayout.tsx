import { Tabs } from '@mantine/core';
import { IconBuilding, IconKey, IconUser, IconUsers } from '@tabler/icons-react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';

/** The settings tabs, each a sub-route of /settings so it can be linked to. */
export const SETTINGS_TABS = [
  { value: 'workspace', label: 'Workspace', icon: IconBuilding },
  { value: 'api-keys', label: 'API keys', icon: IconKey },
  { value: 'members', label: 'Members', icon: IconUsers },
  { value: 'account', label: 'Account', icon: IconUser },
] as const;

export function SettingsLayout() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const current = SETTINGS_TABS.find((tab) => pathname.startsWith(`/settings/${tab.value}`))?.value ?? null;

  return (
    <>
      <PageHeader title="Settings" description="The workspace, its API keys and members, and your account." />
      <Tabs value={current} onChange={(value) => value && void navigate(`/settings/${value}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          {SETTINGS_TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} leftSection={<tab.icon size={16} />}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {SETTINGS_TABS.map((tab) => (
          <Tabs.Panel key={tab.value} value={tab.value}>
            {tab.value === current && <Outlet />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}

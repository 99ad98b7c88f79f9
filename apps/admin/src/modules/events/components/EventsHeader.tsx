import { Group, Tabs } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { PageHeader } from '../../../components/PageHeader';
import { PublishEventButton } from './PublishEventButton';
import { RegisterEventTypeButton } from './RegisterEventTypeButton';

interface EventsHeaderProps {
  tab: 'catalogue' | 'recent';
  eventTypes: readonly { name: string; example: unknown }[];
  /** The type "Publish event" starts with. */
  publishType?: string;
}

/** The events section's title, its two tabs, and publish/register for editors. */
export function EventsHeader({ tab, eventTypes, publishType }: EventsHeaderProps) {
  const { can } = useViewer();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader
        title="Events"
        description="What your platform tells Conduit: the catalogue of event types with their example payloads, and every event published, with where it was delivered."
        actions={
          can.edit && (
            <Group gap="sm">
              <RegisterEventTypeButton />
              <PublishEventButton key={publishType ?? ''} eventTypes={eventTypes} type={publishType} />
            </Group>
          )
        }
      />
      <Tabs value={tab} onChange={(value) => navigate(value === 'recent' ? '/events/recent' : '/events')} mb="md">
        <Tabs.List>
          <Tabs.Tab value="catalogue">Catalogue</Tabs.Tab>
          <Tabs.Tab value="recent">Recent events</Tabs.Tab>
        </Tabs.List>
      </Tabs>
    </>
  );
}

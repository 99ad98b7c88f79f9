import { useQuery } from '@apollo/client/react';
import { Accordion, Paper, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { QueryState } from '../../../components/QueryState';
import { EventsHeader } from '../components/EventsHeader';
import { EventTypeItem } from '../components/EventTypeItem';
import { PublishEventModal } from '../components/PublishEventButton';
import { EVENT_TYPES } from '../graphql/events.operations';

/** /events: the workspace's event catalogue. */
export function CataloguePage() {
  const { data, loading, error, refetch } = useQuery(EVENT_TYPES, { fetchPolicy: 'cache-and-network' });
  const [search, setSearch] = useState('');
  // The type whose "Publish" was clicked: one modal for the whole list, outside the accordion.
  const [publishing, setPublishing] = useState<string | null>(null);

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ eventTypes }) => {
        const needle = search.trim().toLowerCase();
        const shown = eventTypes.filter((t) => !needle || t.name.includes(needle) || (t.description ?? '').toLowerCase().includes(needle));
        return (
          <>
            <EventsHeader tab="catalogue" eventTypes={eventTypes} />
            <TextInput
              leftSection={<IconSearch size={16} />}
              placeholder="Search event types"
              aria-label="Search event types"
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              mb="sm"
              maw={420}
            />
            <Text size="sm" c="dimmed" mb="sm">
              {eventTypes.length} types. Webhooks, automations and flows subscribe to them by name or pattern (ticket.*, message.**); custom events published as
              event.emit.&lt;name&gt; need no registration.
            </Text>
            {shown.length === 0 ? (
              <EmptyState title={eventTypes.length === 0 ? 'The catalogue is empty' : 'No type matches'}>
                {eventTypes.length === 0
                  ? 'Register the event types your platform publishes, with an example payload: they can then be published, and their fields are offered in automations and flows.'
                  : 'Try another part of the name, or register the type you need.'}
              </EmptyState>
            ) : (
              <Paper withBorder>
                <Accordion multiple variant="default" chevronPosition="left">
                  {shown.map((type) => (
                    <EventTypeItem key={type.name} type={type} onPublish={setPublishing} />
                  ))}
                </Accordion>
              </Paper>
            )}
            {publishing !== null && <PublishEventModal key={publishing} opened onClose={() => setPublishing(null)} eventTypes={eventTypes} type={publishing} />}
          </>
        );
      }}
    </QueryState>
  );
}

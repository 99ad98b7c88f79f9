import { useQuery } from '@apollo/client/react';
import { Button, Group } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { AutomationsTable } from '../components/AutomationsTable';
import { AUTOMATIONS } from '../graphql/automations.operations';

export function AutomationsListPage() {
  const { can } = useViewer();
  const { data, loading, error, refetch } = useQuery(AUTOMATIONS, { fetchPolicy: 'cache-and-network' });

  return (
    <>
      <PageHeader
        title="Automations"
        description="When an event happens, call an action with values taken from the event, and keep what it answers as context about a customer or a ticket."
        actions={
          <Group gap="sm">
            <Button component={Link} to="/automations/context" variant="default" leftSection={<IconSearch size={16} />}>
              Context lookup
            </Button>
            {can.edit && (
              <Button component={Link} to="/automations/new" leftSection={<IconPlus size={16} />}>
                New automation
              </Button>
            )}
          </Group>
        }
      />
      <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
        {({ automations }) =>
          automations.length === 0 ? (
            <EmptyState
              title="No automations yet"
              action={
                can.edit ? (
                  <Button component={Link} to="/automations/new">
                    Create an automation
                  </Button>
                ) : undefined
              }
            >
              An automation listens for events (for example ticket.created), calls an action of one of your integrations with values from the event such as{' '}
              {'{{ ticket.customer.email }}'}, and can keep the answer as context data for later templates. You need an integration with an action first.
            </EmptyState>
          ) : (
            <AutomationsTable automations={automations} />
          )
        }
      </QueryState>
    </>
  );
}

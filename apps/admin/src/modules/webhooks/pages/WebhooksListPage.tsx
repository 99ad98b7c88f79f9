import { useQuery, useSubscription } from '@apollo/client/react';
import { Button, Card } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { WebhooksTable } from '../components/WebhooksTable';
import { WEBHOOKS_PAGE, WEBHOOK_HEALTH_CHANGED } from '../graphql/webhooks.operations';

export function WebhooksListPage() {
  const { can } = useViewer();
  const { data, loading, error, refetch } = useQuery(WEBHOOKS_PAGE);
  // Health changes (a webhook failing, disabled) update the rows through the cache.
  useSubscription(WEBHOOK_HEALTH_CHANGED, { variables: {} });

  const create = can.edit && (
    <Button component={Link} to="/webhooks/new" leftSection={<IconPlus size={16} />}>
      Create webhook
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive a signed HTTP POST whenever a subscribed event happens, retried until they answer 2xx."
        actions={data && data.webhooks.length > 0 ? create : undefined}
      />
      <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
        {(loaded) =>
          loaded.webhooks.length === 0 ? (
            <EmptyState title="No webhooks yet" action={create || undefined}>
              A webhook sends events from your platform (a new ticket, a message, a contact update…) to a URL of yours as they happen:
              a signed POST with a JSON body, retried with backoff until your endpoint answers 2xx, every attempt in the delivery log.
              {!can.edit && ' Ask an admin or developer of this workspace to create one.'}
            </EmptyState>
          ) : (
            <Card withBorder radius="md" padding={0}>
              <WebhooksTable webhooks={loaded.webhooks} />
            </Card>
          )
        }
      </QueryState>
    </>
  );
}

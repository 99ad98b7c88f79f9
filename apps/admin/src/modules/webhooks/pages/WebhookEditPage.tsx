import { useMutation, useQuery } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { NotFound } from '../../../app/routes';
import { useViewer } from '../../../app/viewer';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { WebhookForm } from '../components/WebhookForm';
import { UPDATE_WEBHOOK, WEBHOOK_DETAIL, WEBHOOK_EVENT_TYPES } from '../graphql/webhooks.operations';
import { toUpdateInput, webhookValues } from '../webhook-form';

export function WebhookEditPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const navigate = useNavigate();
  const webhook = useQuery(WEBHOOK_DETAIL, { variables: { id } });
  const catalogue = useQuery(WEBHOOK_EVENT_TYPES);
  const [updateWebhook] = useMutation(UPDATE_WEBHOOK);

  if (!can.edit) return <Navigate to={`/webhooks/${id}`} replace />;

  const data = webhook.data && catalogue.data ? { webhook: webhook.data.webhook, eventTypes: catalogue.data.eventTypes } : undefined;
  return (
    <QueryState
      loading={webhook.loading || catalogue.loading}
      error={webhook.error ?? catalogue.error}
      data={data}
      onRetry={() => void Promise.all([webhook.refetch(), catalogue.refetch()])}
    >
      {(loaded) => {
        if (!loaded.webhook) return <NotFound />;
        const initialValues = webhookValues(loaded.webhook);
        return (
          <>
            <PageHeader title="Edit webhook" description={loaded.webhook.url} />
            <WebhookForm
              initialValues={initialValues}
              catalogue={loaded.eventTypes}
              submitLabel="Save changes"
              secondaryAction={
                <Button variant="default" component={Link} to={`/webhooks/${id}`}>
                  Cancel
                </Button>
              }
              onSubmit={async (values) => {
                await updateWebhook({ variables: { id, input: toUpdateInput(values, initialValues) } });
                notifications.show({ color: 'teal', title: 'Webhook saved', message: 'The next deliveries use the new settings.' });
                await navigate(`/webhooks/${id}`);
              }}
            />
          </>
        );
      }}
    </QueryState>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowRight } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { SecretReveal } from '../../../components/SecretReveal';
import { VerificationSnippet } from '../components/VerificationSnippet';
import { WebhookForm } from '../components/WebhookForm';
import { CREATE_WEBHOOK, WEBHOOKS_PAGE, WEBHOOK_EVENT_TYPES } from '../graphql/webhooks.operations';
import { newWebhookValues, toCreateInput } from '../webhook-form';

export function WebhookCreatePage() {
  const { can } = useViewer();
  const catalogue = useQuery(WEBHOOK_EVENT_TYPES);
  const [createWebhook] = useMutation(CREATE_WEBHOOK, { refetchQueries: [{ query: WEBHOOKS_PAGE }] });
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);

  if (!can.edit) return <Navigate to="/webhooks" replace />;

  if (created) {
    return (
      <>
        <PageHeader title="Webhook created" description="Deliveries start with the next matching event." />
        <Stack maw={980} gap="md">
          <SecretReveal label="Signing secret" secret={created.secret}>
            <VerificationSnippet />
          </SecretReveal>
          <Group>
            <Button component={Link} to={`/webhooks/${created.id}`} rightSection={<IconArrowRight size={16} />}>
              I stored the secret: open the webhook
            </Button>
          </Group>
        </Stack>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Create webhook" description="Choose where events go, which ones, and how failed deliveries are retried." />
      <QueryState loading={catalogue.loading} error={catalogue.error} data={catalogue.data} onRetry={() => void catalogue.refetch()}>
        {(loaded) => (
          <WebhookForm
            initialValues={newWebhookValues()}
            catalogue={loaded.eventTypes}
            submitLabel="Create webhook"
            secondaryAction={
              <Button variant="default" component={Link} to="/webhooks">
                Cancel
              </Button>
            }
            onSubmit={async (values) => {
              const { data } = await createWebhook({ variables: { input: toCreateInput(values) } });
              if (!data) return;
              setCreated({ id: data.createWebhook.webhook.id, secret: data.createWebhook.secret });
              notifications.show({ color: 'teal', title: 'Webhook created', message: 'Copy its signing secret now: it is shown only once.' });
            }}
          />
        )}
      </QueryState>
    </>
  );
}

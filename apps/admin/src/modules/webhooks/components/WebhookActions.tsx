import { useMutation } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHistory, IconPencil, IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { apiErrorMessage } from '../../../app/api-error';
import { ConfirmAction } from '../../../components/ConfirmAction';
import type { WebhookSettingsFieldsFragment } from '../../../generated/graphql';
import { DELETE_WEBHOOK, DISABLE_WEBHOOK, ENABLE_WEBHOOK } from '../graphql/webhooks.operations';

interface WebhookActionsProps {
  webhook: WebhookSettingsFieldsFragment;
  onRecover: () => void;
}

/** Edit, recover, enable/disable and delete: for roles that may edit. */
export function WebhookActions({ webhook, onRecover }: WebhookActionsProps) {
  const navigate = useNavigate();
  const [enable, enabling] = useMutation(ENABLE_WEBHOOK);
  const [disable] = useMutation(DISABLE_WEBHOOK);
  const [remove] = useMutation(DELETE_WEBHOOK, {
    update(cache) {
      cache.evict({ id: cache.identify({ __typename: 'Webhook', id: webhook.id }) });
      cache.gc();
    },
  });

  async function enableWebhook() {
    try {
      await enable({ variables: { id: webhook.id } });
      notifications.show({ color: 'teal', title: 'Webhook enabled', message: 'New events are delivered again. Use "Recover deliveries" to resend what failed meanwhile.' });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not enable the webhook', message: apiErrorMessage(error) });
    }
  }

  return (
    <>
      <Button variant="default" component={Link} to={`/webhooks/${webhook.id}/edit`} leftSection={<IconPencil size={16} />}>
        Edit
      </Button>
      <Button variant="default" leftSection={<IconHistory size={16} />} onClick={onRecover}>
        Recover deliveries
      </Button>
      {webhook.enabled ? (
        <ConfirmAction
          label="Disable"
          variant="default"
          color="gray"
          leftSection={<IconPlayerPause size={16} />}
          message="No deliveries are sent while the webhook is disabled; pending and retrying ones end as FAILED. After enabling it again you can recover them."
          confirmLabel="Disable webhook"
          onConfirm={async () => {
            await disable({ variables: { id: webhook.id } });
            notifications.show({ color: 'teal', title: 'Webhook disabled', message: 'No deliveries are sent until you enable it.' });
          }}
        />
      ) : (
        <Button
          variant="light"
          color="teal"
          leftSection={<IconPlayerPlay size={16} />}
          loading={enabling.loading}
          onClick={() => void enableWebhook()}
        >
          Enable
        </Button>
      )}
      <ConfirmAction
        label="Delete"
        leftSection={<IconTrash size={16} />}
        message="Delete this webhook? Its pending deliveries are cancelled. The delivery log keeps its past deliveries."
        confirmLabel="Delete webhook"
        onConfirm={async () => {
          await remove({ variables: { id: webhook.id } });
          notifications.show({ color: 'teal', title: 'Webhook deleted', message: webhook.url });
          await navigate('/webhooks');
        }}
      />
    </>
  );
}

import { useQuery, useSubscription } from '@apollo/client/react';
import { Grid, Stack } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { DeliveryDrawer } from '../../deliveries/components/DeliveryDrawer';
import { useDeliveryDrawer } from '../../deliveries/hooks/useDeliveryDrawer';
import { RecoverDeliveriesModal } from '../components/RecoverDeliveriesModal';
import { SecretCard } from '../components/SecretCard';
import { SendTestEventCard } from '../components/SendTestEventCard';
import { WebhookActions } from '../components/WebhookActions';
import { WebhookLog } from '../components/WebhookLog';
import { WebhookSettingsCard } from '../components/WebhookSettingsCard';
import { WEBHOOK_DETAIL, WEBHOOK_HEALTH_CHANGED } from '../graphql/webhooks.operations';

const RECOVER_PARAM = 'recover';

export function WebhookDetailPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const [params, setParams] = useSearchParams();
  const drawer = useDeliveryDrawer();
  const { data, loading, error, refetch } = useQuery(WEBHOOK_DETAIL, { variables: { id } });
  useSubscription(WEBHOOK_HEALTH_CHANGED, { variables: { webhookId: id } });

  // ?recover=1 (the delivery drawer links here) opens the recovery dialog.
  const recovering = can.edit && params.get(RECOVER_PARAM) !== null;
  const setRecovering = (open: boolean) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (open) next.set(RECOVER_PARAM, '1');
      else next.delete(RECOVER_PARAM);
      return next;
    });

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ webhook }) =>
        webhook && (
          <>
            <PageHeader
              title={webhook.description || 'Webhook'}
              description={webhook.url}
              actions={can.edit ? <WebhookActions webhook={webhook} onRecover={() => setRecovering(true)} /> : undefined}
            />
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: 8 }}>
                <Stack gap="md">
                  {can.edit && <SendTestEventCard webhook={webhook} onOpenDelivery={drawer.open} />}
                  <WebhookLog webhookId={webhook.id} onOpenDelivery={drawer.open} />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 4 }}>
                <Stack gap="md">
                  <WebhookSettingsCard webhook={webhook} />
                  <SecretCard webhook={webhook} canEdit={can.edit} />
                </Stack>
              </Grid.Col>
            </Grid>
            {can.edit && <RecoverDeliveriesModal webhookId={webhook.id} opened={recovering} onClose={() => setRecovering(false)} />}
            <DeliveryDrawer />
          </>
        )
      }
    </QueryState>
  );
}

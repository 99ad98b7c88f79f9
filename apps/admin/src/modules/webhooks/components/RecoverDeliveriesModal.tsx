import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { FormError } from '../../../components/FormError';
import { RECOVER_DELIVERIES } from '../graphql/webhooks.operations';

interface RecoverDeliveriesModalProps {
  webhookId: string;
  opened: boolean;
  onClose: () => void;
}

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** Re-opens the webhook's FAILED deliveries created in a time range (e.g. while its endpoint was down). */
export function RecoverDeliveriesModal({ webhookId, opened, onClose }: RecoverDeliveriesModalProps) {
  const [recover] = useMutation(RECOVER_DELIVERIES, { refetchQueries: ['DeliveryLogPage'] });
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { since: dayjs().subtract(1, 'day').format(PICKER_FORMAT) as string | null, until: null as string | null },
    validate: { since: (value) => (value ? null : 'Choose where the range starts.') },
  });

  const submit = form.onSubmit(async ({ since, until }) => {
    setFailure(null);
    try {
      const { data } = await recover({
        variables: { webhookId, since: dayjs(since).toISOString(), until: until ? dayjs(until).toISOString() : null },
      });
      const count = data?.recoverDeliveries ?? 0;
      notifications.show({
        color: 'teal',
        title: count === 0 ? 'Nothing to recover' : 'Deliveries recovered',
        message: count === 0 ? 'No failed delivery of this webhook was created in that range.' : `${count} failed ${count === 1 ? 'delivery is' : 'deliveries are'} being sent again.`,
      });
      onClose();
    } catch (error) {
      setFailure(applyApiError(form, error));
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Recover failed deliveries" size="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            Re-opens the FAILED deliveries of this webhook that were created in this range; each gets a new attempt now, with its
            original webhook-id so your receiver can dedupe. Useful after the endpoint was down or the webhook was disabled.
          </Text>
          <DateTimePicker label="Since" withSeconds required {...form.getInputProps('since')} />
          <DateTimePicker label="Until" placeholder="Now" withSeconds clearable {...form.getInputProps('until')} />
          <FormError message={failure} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Recover deliveries
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { applyApiError } from '../../../app/form-errors';
import { JsonField } from '../../../components/JsonField';
import { FormError } from '../../../components/FormError';
import { jsonTextError, parseJsonText } from '../../../components/json-text';
import { START_FLOW_RUN } from '../graphql/flows.operations';

interface RunNowButtonProps {
  flowId: string;
  flowName: string;
  /** The variables the form starts with (those the steps use). */
  initialVariables: Record<string, unknown>;
}

/** Starts a run with variables typed as JSON, then opens its live view. */
export function RunNowButton({ flowId, flowName, initialVariables }: RunNowButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const [start, { loading }] = useMutation(START_FLOW_RUN);
  const form = useForm({
    initialValues: { variables: JSON.stringify(initialVariables, null, 2) },
    validate: { variables: (value) => jsonTextError(value, { label: 'The variables', optional: true, object: true }) },
  });

  const submit = form.onSubmit(async ({ variables }) => {
    setFailure(null);
    const parsed = parseJsonText(variables, { label: 'The variables', optional: true, object: true });
    try {
      const { data } = await start({ variables: { flowId, variables: parsed.ok ? (parsed.value ?? {}) : {} } });
      if (!data) return;
      close();
      notifications.show({ color: 'teal', message: `A run of ${flowName} started.` });
      navigate(`/flows/${flowId}/runs/${data.startFlowRun.id}`);
    } catch (error) {
      setFailure(applyApiError(form, error));
    }
  });

  return (
    <>
      <Button leftSection={<IconPlayerPlay size={16} />} onClick={open}>
        Run now
      </Button>
      <Modal opened={opened} onClose={close} title={`Run ${flowName}`} size="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              The variables are the template root of every step: {'{"email": "ada@example.com"}'} is {'{{ email }}'}. The run starts as soon as a worker picks it up.
            </Text>
            <JsonField label="Variables" minRows={4} maxRows={16} data-autofocus {...form.getInputProps('variables')} />
            <FormError message={failure} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={loading} leftSection={<IconPlayerPlay size={16} />}>
                Start run
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

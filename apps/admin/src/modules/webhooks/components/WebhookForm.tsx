import { Button, Card, Divider, Group, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState, type ReactNode } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { FormError } from '../../../components/FormError';
import type { WebhookEventTypesQuery } from '../../../generated/graphql';
import { WEBHOOK_FIELD_PATHS, validateWebhookValues, type WebhookFormValues } from '../webhook-form';
import { DeliverySettings } from './DeliverySettings';
import { EventPicker } from './EventPicker';
import { FilterEditor } from './FilterEditor';
import { HeadersEditor } from './HeadersEditor';

interface WebhookFormProps {
  initialValues: WebhookFormValues;
  catalogue: WebhookEventTypesQuery['eventTypes'];
  submitLabel: string;
  /** Sends the values; an API error thrown here is shown next to its field. */
  onSubmit: (values: WebhookFormValues) => Promise<unknown>;
  secondaryAction?: ReactNode;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={5} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** Create and edit a webhook: target, events, filter, headers, retries and rate limit. */
export function WebhookForm({ initialValues, catalogue, submitLabel, onSubmit, secondaryAction }: WebhookFormProps) {
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm<WebhookFormValues>({
    mode: 'controlled',
    initialValues,
    validate: (values) => validateWebhookValues(values),
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    setSubmitting(true);
    try {
      await onSubmit(values);
    } catch (error) {
      setFailure(applyApiError(form, error, WEBHOOK_FIELD_PATHS));
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Webhook settings">
      <Stack gap="md" maw={980}>
        <Section title="Target">
          <Stack gap="sm">
            <TextInput
              label="URL"
              description="Conduit POSTs each event here, signed (Standard Webhooks). https is strongly recommended."
              placeholder="https://example.com/hooks/conduit"
              required
              {...form.getInputProps('url')}
            />
            <TextInput label="Description" placeholder="e.g. CRM sync (optional)" maxLength={500} {...form.getInputProps('description')} />
          </Stack>
        </Section>
        <Section title="Events">
          <Stack gap="md">
            <EventPicker form={form} catalogue={catalogue} />
            <Divider />
            <FilterEditor form={form} />
          </Stack>
        </Section>
        <Section title="Headers">
          <HeadersEditor form={form} />
        </Section>
        <Section title="Delivery">
          <DeliverySettings form={form} />
        </Section>
        <FormError message={failure} />
        <Group>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
          {secondaryAction}
        </Group>
      </Stack>
    </form>
  );
}

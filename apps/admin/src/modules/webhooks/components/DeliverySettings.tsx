import { Group, NumberInput, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { describeSchedule, parseSchedule } from '../../../components/retry-schedule';
import type { WebhookFormValues } from '../webhook-form';

/** Retry schedule, timeout and rate limit. */
export function DeliverySettings({ form }: { form: UseFormReturnType<WebhookFormValues> }) {
  const schedule = parseSchedule(form.values.retrySchedule);
  return (
    <Stack gap="sm">
      <TextInput
        label="Retry schedule (seconds)"
        description={
          'schedule' in schedule
            ? `${describeSchedule(schedule.schedule)} Retried on timeouts, connection errors, 408, 429 and 5xx; each wait ±20 %. Empty: no retries.`
            : 'Seconds to wait before each retry, separated by commas.'
        }
        placeholder="5, 300, 1800"
        {...form.getInputProps('retrySchedule')}
      />
      <Group grow align="flex-start">
        <NumberInput
          label="Timeout (ms)"
          description="Time allowed for one attempt: 1000 to 30000."
          min={1000}
          max={30000}
          step={1000}
          allowDecimal={false}
          thousandSeparator=" "
          {...form.getInputProps('timeoutMs')}
        />
        <NumberInput
          label="Rate limit (requests per second)"
          description="Empty: no limit. Deliveries above it wait their turn."
          placeholder="No limit"
          min={1}
          max={10000}
          allowDecimal={false}
          {...form.getInputProps('rateLimitPerSecond')}
        />
      </Group>
    </Stack>
  );
}

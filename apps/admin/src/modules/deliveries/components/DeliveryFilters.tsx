import { useQuery } from '@apollo/client/react';
import { Button, Group, MultiSelect, Select } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import type { DeliveryStatus } from '../../../generated/graphql';
import { DELIVERY_STATUSES, deliveryStatusLook } from '../delivery-status';
import { DELIVERY_LOG_TARGETS } from '../graphql/deliveries.operations';
import { NO_FILTERS, hasFilters, type LogFilters } from '../log-filters';

interface DeliveryFiltersProps {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
}

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

function toPicker(iso: string | null): string | null {
  return iso ? dayjs(iso).format(PICKER_FORMAT) : null;
}

function fromPicker(value: string | null): string | null {
  return value ? dayjs(value).toISOString() : null;
}

/** Webhook, automation, status and time range of the delivery log. */
export function DeliveryFilters({ filters, onChange }: DeliveryFiltersProps) {
  const { data } = useQuery(DELIVERY_LOG_TARGETS);
  const webhooks = (data?.webhooks ?? []).map((webhook) => ({ value: webhook.id, label: webhook.description || webhook.url }));
  const automations = (data?.automations ?? []).map((automation) => ({ value: automation.id, label: automation.name }));

  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
      <Select
        label="Webhook"
        placeholder="All webhooks"
        data={webhooks}
        value={filters.webhookId}
        onChange={(webhookId) => onChange({ ...filters, webhookId, automationId: webhookId ? null : filters.automationId })}
        searchable
        clearable
        w={240}
      />
      <Select
        label="Automation"
        placeholder="All automations"
        data={automations}
        value={filters.automationId}
        onChange={(automationId) => onChange({ ...filters, automationId, webhookId: automationId ? null : filters.webhookId })}
        searchable
        clearable
        w={200}
      />
      <MultiSelect
        label="Status"
        placeholder={filters.status.length ? undefined : 'Any status'}
        data={DELIVERY_STATUSES.map((status) => ({ value: status, label: deliveryStatusLook(status).label }))}
        value={filters.status}
        onChange={(status) => onChange({ ...filters, status: status as DeliveryStatus[] })}
        clearable
        w={220}
      />
      <DateTimePicker
        label="Since"
        placeholder="Any time"
        value={toPicker(filters.since)}
        onChange={(value) => onChange({ ...filters, since: fromPicker(value) })}
        withSeconds
        clearable
        w={180}
      />
      <DateTimePicker
        label="Until"
        placeholder="Now"
        value={toPicker(filters.until)}
        onChange={(value) => onChange({ ...filters, until: fromPicker(value) })}
        withSeconds
        clearable
        w={180}
      />
      {hasFilters(filters) && (
        <Button variant="subtle" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

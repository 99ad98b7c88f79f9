import type { DeliveryFilter, DeliveryStatus } from '../../generated/graphql';
import { DELIVERY_STATUSES } from './delivery-status';

/** The delivery log's filters, kept in the URL so a filtered view can be linked. */
export interface LogFilters {
  webhookId: string | null;
  automationId: string | null;
  status: DeliveryStatus[];
  /** ISO-8601. */
  since: string | null;
  until: string | null;
}

const KEYS = { webhookId: 'webhook', automationId: 'automation', status: 'status', since: 'since', until: 'until' } as const;

export function readFilters(params: URLSearchParams): LogFilters {
  const status = (params.get(KEYS.status) ?? '')
    .split(',')
    .filter((value): value is DeliveryStatus => (DELIVERY_STATUSES as readonly string[]).includes(value));
  return {
    webhookId: params.get(KEYS.webhookId) || null,
    automationId: params.get(KEYS.automationId) || null,
    status,
    since: validDate(params.get(KEYS.since)),
    until: validDate(params.get(KEYS.until)),
  };
}

function validDate(value: string | null): string | null {
  return value && !Number.isNaN(Date.parse(value)) ? value : null;
}

/** `params` with the filters written into it; other parameters (the open delivery) are kept. */
export function writeFilters(params: URLSearchParams, filters: LogFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  const values: Record<keyof LogFilters, string | null> = {
    webhookId: filters.webhookId,
    automationId: filters.automationId,
    status: filters.status.length > 0 ? filters.status.join(',') : null,
    since: filters.since,
    until: filters.until,
  };
  for (const [field, key] of Object.entries(KEYS) as [keyof LogFilters, string][]) {
    const value = values[field];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The API's DeliveryFilter for the filters; empty ones are left out. */
export function toDeliveryFilter(filters: LogFilters): DeliveryFilter {
  return {
    ...(filters.webhookId ? { webhookId: filters.webhookId } : {}),
    ...(filters.automationId ? { automationId: filters.automationId } : {}),
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.since ? { since: filters.since } : {}),
    ...(filters.until ? { until: filters.until } : {}),
  };
}

export function hasFilters(filters: LogFilters): boolean {
  return Object.keys(toDeliveryFilter(filters)).length > 0;
}

export const NO_FILTERS: LogFilters = { webhookId: null, automationId: null, status: [], since: null, until: null };

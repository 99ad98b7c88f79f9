import type { FieldPaths } from '../../app/form-errors';
import { patternsProblem } from '../../components/event-patterns';
import { FILTER_JSON } from '../../components/filter-check';
import { parseJsonText } from '../../components/json-text';
import { formatSchedule, parseSchedule } from '../../components/retry-schedule';
import type { CreateWebhookInput, RetryPolicyInput, UpdateWebhookInput, WebhookSettingsFieldsFragment } from '../../generated/graphql';

/** The retry policy the API applies when a webhook sets none (DESIGN.md: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; 10 s). */
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface HeaderRow {
  name: string;
  value: string;
}

/** What the webhook form edits; text fields stay text until they are sent. */
export interface WebhookFormValues {
  url: string;
  description: string;
  /** Catalogue types and patterns. */
  events: string[];
  /** The filter as JSON text; empty for none. */
  filterText: string;
  headers: HeaderRow[];
  /** Seconds, comma-separated; empty for no retries. */
  retrySchedule: string;
  timeoutMs: number | string;
  /** Empty for no limit. */
  rateLimitPerSecond: number | string;
}

/** API field names (`extensions.field`) → form paths, for applyApiError. */
export const WEBHOOK_FIELD_PATHS: FieldPaths = {
  filter: 'filterText',
  'retryPolicy.schedule': 'retrySchedule',
  'retryPolicy.timeoutMs': 'timeoutMs',
};

export function newWebhookValues(): WebhookFormValues {
  return {
    url: '',
    description: '',
    events: [],
    filterText: '',
    headers: [],
    retrySchedule: formatSchedule(DEFAULT_RETRY_SCHEDULE),
    timeoutMs: DEFAULT_TIMEOUT_MS,
    rateLimitPerSecond: '',
  };
}

export function webhookValues(webhook: WebhookSettingsFieldsFragment): WebhookFormValues {
  return {
    url: webhook.url,
    description: webhook.description ?? '',
    events: [...webhook.events],
    filterText: webhook.filter == null ? '' : JSON.stringify(webhook.filter, null, 2),
    headers: webhook.headers.map(({ name, value }) => ({ name, value })),
    retrySchedule: formatSchedule(webhook.retryPolicy.schedule),
    timeoutMs: webhook.retryPolicy.timeoutMs,
    rateLimitPerSecond: webhook.rateLimitPerSecond ?? '',
  };
}

/** Local checks of the form; the API checks everything again and its messages win. */
export function validateWebhookValues(values: WebhookFormValues): Partial<Record<keyof WebhookFormValues, string>> {
  const errors: Partial<Record<keyof WebhookFormValues, string>> = {};
  if (values.url.trim() === '') errors.url = 'Enter the URL that receives the events, e.g. https://example.com/hooks.';
  const patterns = patternsProblem(values.events);
  if (values.events.length === 0) errors.events = 'Pick at least one event type, or write a pattern such as message.** or *.';
  else if (patterns) errors.events = patterns;
  const filter = parseJsonText(values.filterText, FILTER_JSON);
  if (!filter.ok) errors.filterText = filter.error;
  const schedule = parseSchedule(values.retrySchedule);
  if ('error' in schedule) errors.retrySchedule = schedule.error;
  if (values.timeoutMs === '') errors.timeoutMs = 'Enter a timeout in milliseconds (1000 to 30000).';
  const incomplete = values.headers.findIndex((header) => header.name.trim() === '' && header.value.trim() !== '');
  if (incomplete !== -1) errors.headers = `Header ${incomplete + 1} has a value but no name.`;
  return errors;
}

function headersInput(rows: readonly HeaderRow[]): HeaderRow[] {
  return rows.filter((row) => row.name.trim() !== '').map((row) => ({ name: row.name.trim(), value: row.value }));
}

function numberOrNull(value: number | string): number | null {
  if (value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

function scheduleOf(values: WebhookFormValues): number[] {
  const parsed = parseSchedule(values.retrySchedule);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.schedule;
}

function filterOf(values: WebhookFormValues): Record<string, unknown> | null {
  const parsed = parseJsonText(values.filterText, FILTER_JSON);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value as Record<string, unknown> | null;
}

/**
 * The retry policy to send, or undefined when it is as in `initial`. A schedule equal to the
 * default is left out, so the webhook keeps following the default (the API stores no schedule);
 * any other schedule is always sent, because a policy without one means "the default".
 */
function retryPolicyInput(values: WebhookFormValues, initial: WebhookFormValues): RetryPolicyInput | undefined {
  const schedule = scheduleOf(values);
  const timeoutMs = numberOrNull(values.timeoutMs);
  const unchanged = formatSchedule(schedule) === formatSchedule(scheduleOf(initial)) && timeoutMs === numberOrNull(initial.timeoutMs);
  if (unchanged) return undefined;
  const isDefault = formatSchedule(schedule) === formatSchedule(DEFAULT_RETRY_SCHEDULE);
  return {
    ...(isDefault ? {} : { schedule }),
    ...(timeoutMs !== null ? { timeoutMs } : {}),
  };
}

/**
 * The webhook input for validated form values: every setting as the form shows it, the retry
 * policy only when it differs from `initial` (a new webhook's defaults for createWebhook).
 */
function webhookInput(values: WebhookFormValues, initial: WebhookFormValues): CreateWebhookInput {
  const retryPolicy = retryPolicyInput(values, initial);
  return {
    url: values.url.trim(),
    events: values.events,
    description: values.description.trim() === '' ? null : values.description.trim(),
    filter: filterOf(values),
    headers: headersInput(values.headers),
    rateLimitPerSecond: numberOrNull(values.rateLimitPerSecond),
    ...(retryPolicy ? { retryPolicy } : {}),
  };
}

/** The createWebhook input for validated form values. */
export function toCreateInput(values: WebhookFormValues): CreateWebhookInput {
  return webhookInput(values, newWebhookValues());
}

/** The updateWebhook input: every setting as the form shows it; the retry policy only when changed. */
export function toUpdateInput(values: WebhookFormValues, initial: WebhookFormValues): UpdateWebhookInput {
  return webhookInput(values, initial);
}

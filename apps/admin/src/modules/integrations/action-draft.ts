import type { ActionDefinitionInput, ActionFieldsFragment, ValueType } from '../../generated/graphql';
import { formatSchedule, parseSchedule } from '../../components/retry-schedule';
import { newRow, toRequestDraft, toRequestInput, type RequestDraft } from './request-draft';

export const VALUE_TYPES: readonly ValueType[] = ['STRING', 'INTEGER', 'NUMBER', 'BOOLEAN', 'DATETIME'];

/** A typed input or output field as the editor holds it. */
export interface FieldRow {
  uid: string;
  name: string;
  key: string;
  type: ValueType;
  required: boolean;
}

/** An action as its editor holds it. */
export interface ActionDraft {
  name: string;
  description: string;
  inputs: FieldRow[];
  request: RequestDraft;
  outputs: FieldRow[];
  retry: {
    /** Seconds between retries, comma-separated ("1, 5, 30"); empty: the API's default. */
    schedule: string;
    /** Empty: the API's default. */
    timeoutMs: number | '';
  };
}

export function newFieldRow(fields: Partial<Omit<FieldRow, 'uid'>> = {}): FieldRow {
  return { uid: newRow().uid, name: '', key: '', type: 'STRING', required: true, ...fields };
}

export function toActionDraft(action: ActionFieldsFragment | null | undefined): ActionDraft {
  if (!action) {
    return { name: '', description: '', inputs: [], request: toRequestDraft(null, 'POST'), outputs: [], retry: { schedule: '', timeoutMs: '' } };
  }
  return {
    name: action.name,
    description: action.description ?? '',
    inputs: action.inputs.map((field) => newFieldRow(field)),
    request: toRequestDraft(action.request),
    outputs: action.outputs.map((field) => newFieldRow(field)),
    retry: { schedule: formatSchedule(action.retryPolicy.schedule), timeoutMs: action.retryPolicy.timeoutMs },
  };
}

export function toActionInput(draft: ActionDraft): ActionDefinitionInput {
  const fields = (rows: FieldRow[]) => rows.map(({ name, key, type, required }) => ({ name, key, type, required }));
  const parsed = parseSchedule(draft.retry.schedule);
  const schedule = draft.retry.schedule.trim() === '' || 'error' in parsed ? undefined : parsed.schedule;
  const timeoutMs = draft.retry.timeoutMs === '' ? undefined : draft.retry.timeoutMs;
  return {
    name: draft.name,
    description: draft.description.trim() === '' ? null : draft.description,
    inputs: fields(draft.inputs),
    request: toRequestInput(draft.request),
    outputs: fields(draft.outputs),
    retryPolicy: schedule === undefined && timeoutMs === undefined ? null : { schedule, timeoutMs },
  };
}

/** "validation_id" → "Validation id"; "data.items[0].id" → "Data items 0 id". */
export function nameFromKey(key: string): string {
  const words = key
    .replace(/[[\]._-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const text = words.join(' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Adds picked outputs; one with the key of an existing output replaces it in place. */
export function mergeOutputs(existing: readonly FieldRow[], added: readonly FieldRow[]): FieldRow[] {
  const result = [...existing];
  for (const output of added) {
    const index = result.findIndex((row) => row.key.trim() === output.key.trim());
    if (index >= 0) result[index] = { ...output, uid: result[index].uid };
    else result.push(output);
  }
  return result;
}

/** A value typed into the test panel for one input. */
export type TestValue = string | number | boolean | null;

/**
 * The `inputs` JSON of testAction from what was typed: empty values are left out (the API then
 * names a missing required input), numbers and booleans keep their type.
 */
export function testInputs(fields: ReadonlyArray<{ key: string; type: ValueType }>, values: Readonly<Record<string, TestValue | undefined>>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined || value === null || value === '') continue;
    inputs[field.key] = value;
  }
  return inputs;
}

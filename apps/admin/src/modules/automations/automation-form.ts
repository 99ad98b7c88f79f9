import type { PickerAction } from '../../components/ActionPicker';
import { eventTypePlaceholders, contextTemplate, type PlaceholderGroup } from '../../components/template-placeholders';
import { FILTER_JSON } from '../../components/filter-check';
import { parseJsonText, toJsonText } from '../../components/json-text';
import type { AutomationFieldsFragment, AutomationInput } from '../../generated/graphql';

/** One row per input of the chosen action: its template over the event. */
export interface InputRow {
  key: string;
  name: string;
  type: string;
  required: boolean;
  value: string;
}

export interface AutomationFormValues {
  name: string;
  events: string[];
  /** JSON text; blank for no filter. */
  filter: string;
  integrationId: string | null;
  actionId: string | null;
  credentialId: string | null;
  inputs: InputRow[];
  storeAs: string;
  subject: string;
}

export function emptyAutomationForm(): AutomationFormValues {
  return { name: '', events: [], filter: '', integrationId: null, actionId: null, credentialId: null, inputs: [], storeAs: '', subject: '' };
}

/** The form for an existing automation; `action` is its action as the catalogue lists it (for every input, mapped or not). */
export function formFromAutomation(automation: AutomationFieldsFragment, action: PickerAction | null): AutomationFormValues {
  const mapped = new Map(automation.inputs.map((i) => [i.key, i.value]));
  return {
    name: automation.name,
    events: [...automation.events],
    filter: toJsonText(automation.filter),
    integrationId: automation.action.integration.id,
    actionId: automation.action.id,
    credentialId: automation.credential?.id ?? null,
    inputs: action ? inputRowsFor(action, automation.inputs) : automation.inputs.map((i) => ({ key: i.key, name: i.key, type: 'STRING', required: false, value: mapped.get(i.key) ?? '' })),
    storeAs: automation.storeAs ?? '',
    subject: automation.subject ?? '',
  };
}

/** The rows for an action's inputs, keeping what was already typed for the same keys. */
export function inputRowsFor(action: PickerAction | null, previous: readonly { key: string; value: string }[]): InputRow[] {
  if (!action) return [];
  const values = new Map(previous.map((row) => [row.key, row.value]));
  return action.inputs.map((input) => ({ key: input.key, name: input.name, type: input.type, required: input.required, value: values.get(input.key) ?? '' }));
}

/**
 * The API input, and for each mapping sent the form row it came from (blank rows are not sent:
 * an unmapped optional input is "not given", while "" would be an empty string).
 */
export function toAutomationInput(values: AutomationFormValues): { input: AutomationInput; rowOfMapping: number[] } {
  const filter = parseJsonText(values.filter, FILTER_JSON);
  const rowOfMapping: number[] = [];
  const inputs = values.inputs.flatMap((row, index) => {
    if (row.value.trim() === '') return [];
    rowOfMapping.push(index);
    return [{ key: row.key, value: row.value }];
  });
  const storeAs = values.storeAs.trim();
  return {
    input: {
      name: values.name.trim(),
      events: values.events,
      filter: filter.ok ? filter.value : null,
      actionId: values.actionId ?? '',
      credentialId: values.credentialId,
      inputs,
      storeAs: storeAs === '' ? null : storeAs,
      subject: storeAs === '' ? null : values.subject.trim() || null,
    },
    rowOfMapping,
  };
}

/** Moves an API field path about the n-th mapping sent (`inputs.2.value`) to its form row. */
export function rowPath(path: string, rowOfMapping: readonly number[]): string {
  return path.replace(/^inputs\.(\d+)/, (whole, n: string) => (rowOfMapping[Number(n)] === undefined ? whole : `inputs.${rowOfMapping[Number(n)]}`));
}

export interface ContextSource {
  storeAs: string | null;
  action: { outputs: { key: string }[] };
}

/**
 * The "+" menu of an automation's templates: the event type's fields (payload at the root, without
 * `event` and `context`, which the scope replaces), `event.type`/`event.id`, and, when a subject is
 * set, what automations keep about that subject (`context.<storeAs>.<output>`).
 */
export function automationPlaceholders(options: {
  eventType: { name: string; example?: unknown; schema?: unknown } | null;
  automations: readonly ContextSource[];
  withContext: boolean;
}): PlaceholderGroup[] {
  const groups: PlaceholderGroup[] = [];
  if (options.eventType) {
    groups.push({ label: `Event ${options.eventType.name}`, items: eventTypePlaceholders(options.eventType, { reserved: ['event', 'context'] }) });
  }
  groups.push({
    label: 'Event',
    items: [
      { template: '{{ event.type }}', path: 'event.type', type: 'string', sample: options.eventType?.name },
      { template: '{{ event.id }}', path: 'event.id', type: 'string' },
    ],
  });
  if (options.withContext) {
    const seen = new Set<string>();
    const items = options.automations.flatMap((automation) =>
      automation.storeAs
        ? automation.action.outputs.flatMap((output) => {
            const template = contextTemplate(automation.storeAs ?? '', output.key);
            if (seen.has(template)) return [];
            seen.add(template);
            return [{ template, path: template.slice(3, -3), type: 'unknown' as const }];
          })
        : [],
    );
    groups.push({ label: 'Context kept about the subject', items });
  }
  return groups;
}

import type { PickerAction } from '../../components/ActionPicker';
import type { MappingRow } from '../../components/InputMappingFields';
import { eventTypePlaceholders, placeholderTypeOf, stepOutputTemplate, templateFor, templateRoots, type PlaceholderGroup } from '../../components/template-placeholders';
import type { FailurePolicy, FlowFieldsFragment, FlowInput } from '../../generated/graphql';

export interface StepValues {
  /** Stable identity for React while steps move (keys may be edited). */
  uid: string;
  key: string;
  name: string;
  integrationId: string | null;
  actionId: string | null;
  credentialId: string | null;
  inputs: MappingRow[];
  onFailure: FailurePolicy;
}

export interface FlowFormValues {
  name: string;
  events: string[];
  steps: StepValues[];
}

/** Roots the flow's template scope owns: not flow variables. */
const RESERVED_ROOTS = ['steps', 'context'];

let uidCounter = 0;
function nextUid(): string {
  uidCounter += 1;
  return `step-${uidCounter}`;
}

export function newStep(existingKeys: readonly string[]): StepValues {
  let n = existingKeys.length + 1;
  while (existingKeys.includes(`step_${n}`)) n += 1;
  return { uid: nextUid(), key: `step_${n}`, name: '', integrationId: null, actionId: null, credentialId: null, inputs: [], onFailure: 'STOP' };
}

export function emptyFlowForm(): FlowFormValues {
  return { name: '', events: [], steps: [newStep([])] };
}

/** The rows for an action's inputs, keeping what was typed for the same keys. */
export function stepRowsFor(action: PickerAction | null, previous: readonly { key: string; value: string }[]): MappingRow[] {
  if (!action) return [];
  const values = new Map(previous.map((row) => [row.key, row.value]));
  return action.inputs.map((input) => ({ key: input.key, name: input.name, type: input.type, required: input.required, value: values.get(input.key) ?? '' }));
}

export function formFromFlow(flow: FlowFieldsFragment, actions: ReadonlyMap<string, PickerAction>): FlowFormValues {
  return {
    name: flow.name,
    events: [...flow.events],
    steps: flow.steps.map((step) => {
      const action = actions.get(step.action.id) ?? null;
      return {
        uid: nextUid(),
        key: step.key,
        name: step.name ?? '',
        integrationId: step.action.integration.id,
        actionId: step.action.id,
        credentialId: step.credential?.id ?? null,
        inputs: action ? stepRowsFor(action, step.inputs) : step.inputs.map((i) => ({ key: i.key, name: i.key, type: 'STRING', required: false, value: i.value })),
        onFailure: step.onFailure,
      };
    }),
  };
}

/**
 * The API input; `rowOfMapping[s][m]` is the form row of the m-th mapping sent for step s (blank
 * rows are not sent: an unmapped optional input is "not given").
 */
export function toFlowInput(values: FlowFormValues): { input: FlowInput; rowOfMapping: number[][] } {
  const rowOfMapping: number[][] = [];
  const steps = values.steps.map((step) => {
    const rows: number[] = [];
    const inputs = step.inputs.flatMap((row, index) => {
      if (row.value.trim() === '') return [];
      rows.push(index);
      return [{ key: row.key, value: row.value }];
    });
    rowOfMapping.push(rows);
    return { key: step.key.trim(), name: step.name.trim() || null, actionId: step.actionId ?? '', credentialId: step.credentialId, inputs, onFailure: step.onFailure };
  });
  return { input: { name: values.name.trim(), events: values.events, steps }, rowOfMapping };
}

/** Moves an API path about the m-th mapping sent for step s (`steps.1.inputs.0.value`) to its form row. */
export function flowRowPath(path: string, rowOfMapping: readonly (readonly number[])[]): string {
  return path.replace(/^steps\.(\d+)\.inputs\.(\d+)/, (whole, s: string, m: string) => {
    const row = rowOfMapping[Number(s)]?.[Number(m)];
    return row === undefined ? whole : `steps.${s}.inputs.${row}`;
  });
}

/** `steps` moved so that the step at `from` is at `to`. */
export function moveStep<T>(steps: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= steps.length || from === to) return [...steps];
  const next = [...steps];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/** The step keys a template refers to (`{{ steps.lookup.id }}`, `{{ steps["lookup"].id }}`). */
export function stepReferences(template: string): string[] {
  const keys = new Set<string>();
  for (const block of template.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)) {
    const body = block[1] ?? block[2] ?? '';
    for (const match of body.matchAll(/(?:^|[^\w.])steps(?:\.([A-Za-z_][\w-]*)|\[\s*["']([^"']+)["']\s*\])/g)) keys.add(match[1] ?? match[2]);
  }
  return [...keys];
}

/**
 * What is wrong with a step's template's step references (the API's rule: only earlier steps), or
 * null. Said before saving, e.g. right after the steps were reordered.
 */
export function stepReferenceProblem(template: string, stepKey: string, earlierKeys: readonly string[]): string | null {
  for (const ref of stepReferences(template)) {
    if (earlierKeys.includes(ref)) continue;
    if (ref === stepKey) return `"steps.${ref}" is this step itself; a step can only use the outputs of the steps before it.`;
    return `"steps.${ref}" is not an earlier step; ${earlierKeys.length > 0 ? `earlier steps: ${earlierKeys.join(', ')}` : 'this is the first step, so no step outputs exist yet'}.`;
  }
  return null;
}

/** The flow variables the steps' templates use (`{{ email }}` → email), in order of appearance. */
export function flowVariables(steps: readonly { inputs: readonly { value: string }[] }[]): string[] {
  const names = new Set<string>();
  for (const step of steps) for (const row of step.inputs) for (const root of templateRoots(row.value)) if (!RESERVED_ROOTS.includes(root)) names.add(root);
  return [...names];
}

export interface PlaceholderSources {
  steps: readonly StepValues[];
  /** The step whose inputs the menu is for. */
  index: number;
  actions: ReadonlyMap<string, PickerAction>;
  /** The catalogue types the flow's trigger patterns match (their payloads become the variables). */
  triggerTypes: readonly { name: string; example?: unknown; schema?: unknown }[];
}

/**
 * The "+" menu of a step's inputs: the outputs of the steps before it (`{{ steps.<key>.<output> }}`),
 * the variables the flow already uses, and the fields of the events that start it (the payload
 * becomes the variables, at the template root).
 */
export function flowPlaceholders({ steps, index, actions, triggerTypes }: PlaceholderSources): PlaceholderGroup[] {
  const groups: PlaceholderGroup[] = [];
  steps.slice(0, index).forEach((step, position) => {
    const action = step.actionId ? actions.get(step.actionId) : undefined;
    const key = step.key.trim();
    if (!action || !key) return;
    groups.push({
      label: `Step ${position + 1} · ${key} (${action.name})`,
      items: action.outputs.map((output) => ({ template: stepOutputTemplate(key, output.key), path: `steps.${key}.${output.key}`, type: placeholderTypeOf(output.type) })),
    });
  });
  const variables = flowVariables(steps);
  if (variables.length > 0) {
    groups.push({ label: 'Flow variables in use', items: variables.map((name) => ({ template: templateFor([name]), path: name, type: 'unknown' })) });
  }
  for (const type of triggerTypes) {
    groups.push({ label: `Variables from ${type.name}`, items: eventTypePlaceholders(type, { reserved: RESERVED_ROOTS }) });
  }
  return groups;
}

/** The variables "Run now" starts with: each variable the steps use, from the trigger's example when it has it. */
export function initialRunVariables(steps: readonly { inputs: readonly { value: string }[] }[], example: unknown): Record<string, unknown> {
  const fromExample = typeof example === 'object' && example !== null && !Array.isArray(example) ? (example as Record<string, unknown>) : {};
  const variables: Record<string, unknown> = {};
  for (const name of flowVariables(steps)) variables[name] = name in fromExample ? fromExample[name] : '';
  return variables;
}

import type { FieldType, ValueType } from '../../generated/graphql';

/** A variable the "+" menu of a template field offers. */
export interface TemplateVariable {
  /** What is inserted, e.g. `{{ input.phone }}`. */
  expression: string;
  /** The input's or auth field's name, when it has one. */
  description: string;
  group: 'Inputs' | 'Credential';
}

interface DeclaredInput {
  key: string;
  name: string;
  type: ValueType;
}

interface DeclaredAuthField {
  identifier: string;
  name: string | null;
  type: FieldType;
}

/** The variables a template may use: `input.<key>` of each declared input, `credential.<identifier>` of each auth field. */
export function templateVariables(inputs: readonly DeclaredInput[], authFields: readonly DeclaredAuthField[]): TemplateVariable[] {
  const fromInputs = inputs
    .filter((input) => input.key.trim() !== '')
    .map((input): TemplateVariable => ({ expression: `{{ input.${input.key.trim()} }}`, description: `${input.name || input.key} (${input.type.toLowerCase()})`, group: 'Inputs' }));
  const fromAuth = authFields
    .filter((field) => field.identifier.trim() !== '')
    .map((field): TemplateVariable => ({
      expression: `{{ credential.${field.identifier.trim()} }}`,
      description: `${field.name || field.identifier} (${field.type === 'PASSWORD' ? 'secret' : 'text'})`,
      group: 'Credential',
    }));
  return [...fromInputs, ...fromAuth];
}

export interface Selection {
  start: number;
  end: number;
}

/**
 * Inserts `text` over the selection (at the cursor), or at the end when the field has no cursor
 * yet. Returns the new value and where the cursor goes: right after the insertion.
 */
export function insertAt(value: string, text: string, selection: Selection | null): { value: string; cursor: number } {
  const start = selection ? clamp(Math.min(selection.start, selection.end), value.length) : value.length;
  const end = selection ? clamp(Math.max(selection.start, selection.end), value.length) : value.length;
  return { value: value.slice(0, start) + text + value.slice(end), cursor: start + text.length };
}

/** Whether `position` in a JSON text lies inside a string literal (between its quotes). */
export function insideJsonString(text: string, position: number): boolean {
  let inString = false;
  for (let index = 0; index < Math.min(position, text.length); index += 1) {
    const char = text[index];
    if (inString && char === '\\') index += 1;
    else if (char === '"') inString = !inString;
  }
  return inString;
}

/**
 * What to insert for a variable: in a JSON body, a template outside a string is wrapped in quotes
 * (the API renders `"{{ input.x }}"` with the input's own type), so the body stays valid JSON.
 */
export function insertionText(expression: string, json: boolean, value: string, selection: Selection | null): string {
  if (!json) return expression;
  const position = selection ? Math.min(selection.start, selection.end) : value.length;
  return insideJsonString(value, position) ? expression : `"${expression}"`;
}

function clamp(index: number, length: number): number {
  return Math.max(0, Math.min(index, length));
}

/**
 * Inserting a placeholder into a template field: at the cursor (over a selection), or at the end
 * when the field never had the cursor; in a JSON body, quoted when it lands outside a string.
 */

export interface Selection {
  start: number;
  end: number;
}

/**
 * Inserts `text` over the selection (at the cursor), or at the end when the field has no cursor
 * yet. Returns the new value and where the cursor goes: right after the insertion.
 */
export function insertAt(value: string, text: string, selection: Selection | null): { value: string; caret: number } {
  const start = selection ? clamp(Math.min(selection.start, selection.end), value.length) : value.length;
  const end = selection ? clamp(Math.max(selection.start, selection.end), value.length) : value.length;
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
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

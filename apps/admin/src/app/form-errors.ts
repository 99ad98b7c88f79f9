import { splitApiError } from './api-error';

/** The part of a @mantine/form form that receives errors. */
export interface FormWithErrors {
  setFieldError(path: string, error: string): void;
  getInputProps(path: string): unknown;
  values: object;
}

/**
 * Where the API's field names (`extensions.field`) go in a form, when the form names them otherwise:
 * - a map of API paths (or path prefixes, whole segments) to form paths: `{ filter: 'filterText' }`,
 *   `{ testRequest: 'request' }` (`testRequest.query[1].key` → `request.query.1.key`);
 * - or a function of the dotted path, e.g. to move list indexes when blank rows are not sent.
 */
export type FieldPaths = Readonly<Record<string, string>> | ((path: string) => string);

/**
 * Shows an API error on a form: a message about a field that the form has (after `fieldPaths`
 * maps API field names to form paths) goes next to that field; everything else is returned for an
 * alert above the form. Returns null when every message found its field.
 */
export function applyApiError(form: FormWithErrors, error: unknown, fieldPaths: FieldPaths = {}): string | null {
  const { fields, message } = splitApiError(error);
  const unplaced: string[] = message ? [message] : [];
  for (const { field, message: fieldMessage } of fields) {
    const path = formPath(field, fieldPaths);
    if (hasPath(form.values, path)) form.setFieldError(path, fieldMessage);
    else unplaced.push(fieldMessage);
  }
  return unplaced.length > 0 ? unplaced.join(' ') : null;
}

/**
 * The form path of an API field: list indexes in dots (`authFields[0].identifier` →
 * `authFields.0.identifier`, the API writes brackets, @mantine/form dots), then moved by `fieldPaths`
 * (the longest matching prefix wins).
 */
export function formPath(apiField: string, fieldPaths: FieldPaths = {}): string {
  const dotted = dots(apiField);
  if (typeof fieldPaths === 'function') return fieldPaths(dotted);
  let best: [string, string] | null = null;
  for (const [from, to] of Object.entries(fieldPaths)) {
    const prefix = dots(from);
    if ((dotted === prefix || dotted.startsWith(`${prefix}.`)) && (!best || prefix.length > best[0].length)) best = [prefix, to];
  }
  return best ? best[1] + dotted.slice(best[0].length) : dotted;
}

function dots(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

function hasPath(values: object, path: string): boolean {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || !(part in current)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

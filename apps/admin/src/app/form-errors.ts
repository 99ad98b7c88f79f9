import { splitApiError } from './api-error';

/** The part of a @mantine/form form that receives errors. */
export interface FormWithErrors {
  setFieldError(path: string, error: string): void;
  getInputProps(path: string): unknown;
  values: object;
}

/**
 * Shows an API error on a form: a message about a field that the form has (after `fieldPaths`
 * maps API field names to form paths) goes next to that field; everything else is returned for an
 * alert above the form. Returns null when every message found its field.
 */
export function applyApiError(form: FormWithErrors, error: unknown, fieldPaths: Record<string, string> = {}): string | null {
  const { fields, message } = splitApiError(error);
  const unplaced: string[] = message ? [message] : [];
  for (const { field, message: fieldMessage } of fields) {
    const path = fieldPaths[field] ?? formPath(field);
    if (hasPath(form.values, path)) form.setFieldError(path, fieldMessage);
    else unplaced.push(fieldMessage);
  }
  return unplaced.length > 0 ? unplaced.join(' ') : null;
}

/** The API names list items with brackets (`authFields[0].identifier`); forms use dots (`authFields.0.identifier`). */
export function formPath(apiField: string): string {
  return apiField.replace(/\[(\d+)\]/g, '.$1');
}

function hasPath(values: object, path: string): boolean {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || !(part in current)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

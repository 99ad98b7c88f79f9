import { splitApiError } from '../app/api-error';
import { formPath } from '../app/form-errors';

/**
 * The `fieldPaths` for `applyApiError` when the form's list rows and the list sent differ (blank
 * rows are not sent): every indexed field of the error as a form path, moved by `rename`.
 */
export function indexedFieldPaths(error: unknown, rename: (path: string) => string): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const { field } of splitApiError(error).fields) paths[field] = rename(formPath(field));
  return paths;
}

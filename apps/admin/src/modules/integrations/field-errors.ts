import { applyApiError, type FormWithErrors } from '../../app/form-errors';
import { splitApiError } from '../../app/api-error';

/**
 * The form path of an API field: `authFields[0].identifier` → `authFields.0.identifier` (the API
 * writes list indexes in brackets, @mantine/form in dots), with a prefix renamed when the form
 * keeps that part under another name (`testRequest.url` → `request.url`).
 */
export function formPathOf(apiField: string, renames: Readonly<Record<string, string>> = {}): string {
  const dotted = apiField.replace(/\[(\d+)\]/g, '.$1');
  for (const [from, to] of Object.entries(renames)) {
    if (dotted === from || dotted.startsWith(`${from}.`)) return to + dotted.slice(from.length);
  }
  return dotted;
}

/** applyApiError for this section's forms, whose API fields carry bracketed list indexes. */
export function applyIntegrationApiError(form: FormWithErrors, error: unknown, renames: Readonly<Record<string, string>> = {}): string | null {
  const paths: Record<string, string> = {};
  for (const { field } of splitApiError(error).fields) paths[field] = formPathOf(field, renames);
  return applyApiError(form, error, paths);
}

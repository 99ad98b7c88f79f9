/**
 * Filters (webhooks, automations) as typed into a form: JSON text checked for its syntax before it
 * is sent, and for its meaning by the API's own validateFilter (libs/shared) while it is typed, so
 * a mistake shows with its exact place before the API answers (the API checks again on save).
 */
import { parseJsonText, type JsonTextOptions } from './json-text';

/** A filter field's text: blank for none, else a JSON object. */
export const FILTER_JSON: JsonTextOptions = { label: 'The filter', optional: true, object: true };

/** libs/shared's validateFilter: throws the API's BAD_USER_INPUT error for a filter that is not valid. */
export type ValidateFilter = (filter: unknown) => void;

/**
 * What is wrong with the filter in `text`, in the API's words ("Invalid filter at
 * filter["ticket.priority"].$inn: unknown operator "$inn". Did you mean "$in"?"), or null when it is
 * fine or not JSON yet (its syntax is reported when the form is submitted).
 */
export function filterProblem(text: string, validate: ValidateFilter): string | null {
  const parsed = parseJsonText(text, FILTER_JSON);
  if (!parsed.ok || parsed.value === null) return null;
  try {
    validate(parsed.value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** JSON typed into a form (filters, payloads, examples, schemas, flow variables), checked before it is sent. */

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface JsonTextOptions {
  /** What the field is, for messages: "The payload", "The filter". */
  label: string;
  /** Blank text means "none" (`value: null`) instead of an error. */
  optional?: boolean;
  /** Only a JSON object is accepted (payloads, filters, variables, schemas). */
  object?: boolean;
}

export function parseJsonText(text: string, { label, optional = false, object = false }: JsonTextOptions): JsonTextResult {
  if (text.trim() === '') {
    return optional ? { ok: true, value: null } : { ok: false, error: `${label} is required; write a JSON object such as {"key": "value"}.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `${label} is not valid JSON: ${detail}` };
  }
  if (object && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return { ok: false, error: `${label} must be a JSON object ({ … }).` };
  }
  return { ok: true, value };
}

/** The message for a form's `validate`, or null when the text is fine. */
export function jsonTextError(text: string, options: JsonTextOptions): string | null {
  const result = parseJsonText(text, options);
  return result.ok ? null : result.error;
}

/** A value as the text of a JSON field: indented, blank for null/undefined. */
export function toJsonText(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
}

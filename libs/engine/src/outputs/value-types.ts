/** Types of action inputs and outputs. */
export const VALUE_TYPES = ['STRING', 'INTEGER', 'NUMBER', 'BOOLEAN', 'DATETIME'] as const;
/** The type of an action input or output. */
export type ValueType = (typeof VALUE_TYPES)[number];

/** A declared action input or output: `key` is the input key, or the output's path into the response. */
export interface TypedField {
  name: string;
  key: string;
  type: ValueType;
  required: boolean;
}

/** A value an input or output can hold once typed. DATETIME values are ISO-8601 strings. */
export type TypedValue = string | number | boolean | null;

// ISO-8601 extended format (RFC 3339 profile): a date, optionally a time (T, t or a space before
// it), optional seconds and fraction, optional offset (Z or ±hh:mm / ±hhmm / ±hh).
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * Parses an ISO-8601 date or date-time, checking every field (no 30 February, no hour 25). A date
 * without a time is midnight UTC; a time without an offset is read as UTC, whatever the server's zone.
 */
export function parseIsoDateTime(text: string): Date | undefined {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, millis);
  if (m[9]) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11] ?? 0);
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    const sign = m[9] === '-' ? -1 : 1;
    date.setTime(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  }
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** True for a string {@link parseIsoDateTime} accepts. */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDateTime(value) !== undefined;
}

/** Describes a JSON value's type for error messages: `a string`, `a number with a fraction (1.5)`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : `a number with a fraction (${value})`;
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

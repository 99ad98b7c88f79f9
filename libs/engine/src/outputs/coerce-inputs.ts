import { ConduitError, assertNever, closestNames, isPlainObject } from '@conduit/shared';
import { describeValue, parseIsoDateTime, type TypedField, type TypedValue } from './value-types';

/** Typed action inputs: every declared key, null for an optional input that was not given. */
export type ActionInputValues = Record<string, TypedValue>;

/** A decimal number as text: `42`, `-1.5`, `.5`, `1e3`. No hex, no `NaN`, no `Infinity`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Checks and types the values of an action call against its declared inputs (numbers and booleans
 * may arrive as text, e.g. rendered from a template); throws an INVALID_INPUT error naming the input.
 */
export function coerceInputs(fields: readonly TypedField[], values: unknown): ActionInputValues {
  const given = values ?? {};
  if (!isPlainObject(given)) {
    throw invalid(`Inputs must be an object of input key to value, got ${describeValue(given)}.`);
  }
  const declared = fields.map((field) => field.key);
  for (const key of Object.keys(given)) {
    if (!declared.includes(key)) {
      const close = closestNames(key, declared, 1);
      const hint = close.length > 0 ? ` Did you mean "${close[0]}"?` : '';
      const list = declared.length > 0 ? `declared inputs: ${declared.join(', ')}` : 'this action declares no inputs';
      throw invalid(`Unknown input "${key}"; ${list}.${hint}`, key);
    }
  }
  return Object.fromEntries(
    fields.map((field) => {
      const raw = Object.hasOwn(given, field.key) ? given[field.key] : undefined;
      return [field.key, coerceInput(field, raw)];
    }),
  );
}

function coerceInput(field: TypedField, raw: unknown): TypedValue {
  // Blank text for a non-text input is "not given" (an empty form field, an empty template).
  const missing = raw === undefined || raw === null || (field.type !== 'STRING' && typeof raw === 'string' && raw.trim() === '');
  if (missing) {
    if (field.required) throw invalid(`Input ${label(field)} is required.`, field.key);
    return null;
  }
  const value = convert(field, raw);
  if (value === undefined) {
    throw invalid(`Input ${label(field)} must be ${expected(field)}, got ${shown(raw)}.`, field.key);
  }
  return value;
}

function convert(field: TypedField, raw: unknown): TypedValue | undefined {
  switch (field.type) {
    case 'STRING':
      if (typeof raw === 'string') return raw;
      if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') return String(raw);
      return undefined;
    case 'INTEGER': {
      const number = toNumber(raw);
      return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
    }
    case 'NUMBER':
      return toNumber(raw);
    case 'BOOLEAN':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return raw.trim().toLowerCase() === 'true';
      return undefined;
    case 'DATETIME': {
      const date = raw instanceof Date ? raw : typeof raw === 'string' ? parseIsoDateTime(raw) : undefined;
      return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
    }
    default:
      return assertNever(field.type);
  }
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || !DECIMAL.test(raw.trim())) return undefined;
  const number = Number(raw.trim());
  return Number.isFinite(number) ? number : undefined;
}

function expected(field: TypedField): string {
  switch (field.type) {
    case 'STRING':
      return 'text';
    case 'INTEGER':
      return 'a whole number (e.g. 42 or "42")';
    case 'NUMBER':
      return 'a number (e.g. 1.5 or "1.5")';
    case 'BOOLEAN':
      return 'true or false';
    case 'DATETIME':
      return 'an ISO-8601 date-time (e.g. "2024-05-01T12:00:00Z")';
    default:
      return assertNever(field.type);
  }
}

function label(field: TypedField): string {
  return field.name && field.name !== field.key ? `"${field.key}" (${field.name})` : `"${field.key}"`;
}

function shown(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return describeValue(raw);
}

function invalid(message: string, field?: string): ConduitError {
  return new ConduitError('BAD_USER_INPUT', message, field === undefined ? { errorCode: 'INVALID_INPUT' } : { errorCode: 'INVALID_INPUT', field });
}

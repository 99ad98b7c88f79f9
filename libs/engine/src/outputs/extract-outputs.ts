import { assertNever } from '@conduit/shared';
import { readOutputPath } from './output-path';
import { describeValue, isIsoDateTime, type TypedField, type TypedValue, type ValueType } from './value-types';

/** Why extracting outputs failed (the ActionResult's errorCode). */
export type OutputErrorCode = 'MISSING_OUTPUT' | 'WRONG_TYPE' | 'INVALID_RESPONSE';

/** Declared outputs read from a response, flat, keyed by each output's `key` (its path). */
export type ActionOutputValues = Record<string, TypedValue>;

/** The result of {@link extractOutputs}. `warnings` lists optional outputs set to null for a wrong type. */
export type OutputExtraction =
  | { ok: true; outputs: ActionOutputValues; warnings: string[] }
  | { ok: false; errorCode: OutputErrorCode; error: string; outputs: ActionOutputValues; warnings: string[] };

/**
 * Reads the declared outputs from a parsed JSON response (undefined when the body is not JSON).
 * Types are strict: a numeric string is not a NUMBER, a number is not a STRING. A required
 * output that is missing, null or of the wrong type fails the call (the first one in declaration
 * order is reported); an optional one comes back null. Only declared outputs are returned.
 */
export function extractOutputs(responseBody: unknown, outputs: readonly TypedField[]): OutputExtraction {
  const values: ActionOutputValues = Object.fromEntries(outputs.map((output) => [output.key, null]));
  const warnings: string[] = [];
  let failure: { errorCode: OutputErrorCode; error: string } | undefined;
  if (responseBody === undefined) {
    const required = outputs.filter((output) => output.required);
    if (required.length > 0) {
      const names = required.map((output) => JSON.stringify(output.key)).join(', ');
      return { ok: false, errorCode: 'INVALID_RESPONSE', error: `The response body is not JSON, so the required output${required.length > 1 ? 's' : ''} ${names} cannot be read.`, outputs: values, warnings };
    }
    return { ok: true, outputs: values, warnings };
  }
  for (const output of outputs) {
    const raw = readOutputPath(responseBody, output.key);
    if (raw === undefined || raw === null) {
      if (output.required && !failure) {
        const why = raw === null ? 'is null in the response' : 'is not in the response';
        failure = { errorCode: 'MISSING_OUTPUT', error: `Required output ${label(output)} ${why}.` };
      }
      continue;
    }
    if (hasType(raw, output.type)) {
      values[output.key] = raw;
      continue;
    }
    const problem = `Output ${label(output)} is ${describeValue(raw)}, expected ${expected(output.type)}.`;
    if (output.required) failure ??= { errorCode: 'WRONG_TYPE', error: problem };
    else warnings.push(`${problem} It is optional, so it is null.`);
  }
  return failure ? { ok: false, ...failure, outputs: values, warnings } : { ok: true, outputs: values, warnings };
}

function hasType(value: unknown, type: ValueType): value is TypedValue {
  switch (type) {
    case 'STRING':
      return typeof value === 'string';
    case 'INTEGER':
      return typeof value === 'number' && Number.isInteger(value);
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value);
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'DATETIME':
      return isIsoDateTime(value);
    default:
      return assertNever(type);
  }
}

function expected(type: ValueType): string {
  switch (type) {
    case 'STRING':
      return 'STRING (a JSON string)';
    case 'INTEGER':
      return 'INTEGER (a whole JSON number)';
    case 'NUMBER':
      return 'NUMBER (a JSON number)';
    case 'BOOLEAN':
      return 'BOOLEAN (true or false)';
    case 'DATETIME':
      return 'DATETIME (an ISO-8601 date string)';
    default:
      return assertNever(type);
  }
}

function label(output: TypedField): string {
  return output.name && output.name !== output.key ? `"${output.name}" (${output.key})` : `"${output.key}"`;
}

/** Parses a response body for {@link extractOutputs}: undefined when it is empty or not JSON. */
export function parseResponseJson(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

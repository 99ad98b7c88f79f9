/*
 * Value helpers of the filter language: reading a path out of a payload, JSON equality, and
 * describing a value in an error message. Internal to filters/; not exported from the library.
 */

/** What a path resolves to when a segment is absent (distinct from a JSON `null`). */
export const MISSING: unique symbol = Symbol('missing');
export type Resolved = unknown | typeof MISSING;

type Primitive = string | number | boolean | null;

export function isPrimitive(value: unknown): value is Primitive {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * Precompiles a reader for `path`: object keys are own properties only (never the prototype), and a
 * canonical decimal segment (`0`, `12`, not `01`) indexes an array. Absent anywhere → MISSING.
 */
export function makeGetter(path: readonly string[]): (root: unknown) => Resolved {
  const segments = [...path];
  const indexes = segments.map((s) => (ARRAY_INDEX.test(s) ? Number(s) : -1));
  return (root) => {
    let current: unknown = root;
    for (let i = 0; i < segments.length; i++) {
      if (Array.isArray(current)) {
        const index = indexes[i];
        if (index < 0 || index >= current.length) return MISSING;
        current = current[index];
      } else if (typeof current === 'object' && current !== null) {
        if (!Object.hasOwn(current, segments[i])) return MISSING;
        current = (current as Record<string, unknown>)[segments[i]];
      } else {
        return MISSING;
      }
    }
    return current === undefined ? MISSING : current;
  };
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** A short description of a value for error messages: `a string ("high")`, `an array`, … */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** Appends `key` to a location such as `filter.$or[1]` the way a JS accessor would. */
export function childLocation(location: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${location}.${key}` : `${location}[${JSON.stringify(key)}]`;
}

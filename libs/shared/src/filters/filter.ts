/**
 * The filter language of webhooks and automations: a JSON object over the event payload, checked
 * at save time ({@link validateFilter}) and compiled once into a predicate ({@link compileFilter})
 * that runs on every publish.
 *
 * Conditions. Keys are dotted paths into the payload (`"ticket.priority"`); a numeric segment
 * indexes an array (`"items.0.id"`). The value under a path is
 * - a plain value (string, number, boolean, null, array): equality, short for `{"$eq": value}`;
 * - an operator object: `{"$gte": 3, "$lt": 10}` (all must hold);
 * - a nested filter, whose keys are paths below this one: `{"ticket": {"priority": "high"}}`
 *   is the same as `{"ticket.priority": "high"}`.
 * Several keys in one object must all hold (AND). `{}` matches every payload; so does a null filter.
 *
 * Operators.
 * - `$eq`, `$neq`: JSON equality (objects compared structurally). When the payload value is an
 *   array, `$eq` also matches if any element is equal: `{"ticket.tags": "vip"}` matches
 *   `["vip", "order"]`. `$neq` is the exact negation of `$eq` (so it matches a missing field).
 * - `$gt`, `$gte`, `$lt`, `$lte`: the operand is a number or a string. Numbers compare with numbers,
 *   strings with strings (code-unit order, which orders ISO-8601 UTC timestamps correctly); any other
 *   combination is false.
 * - `$in`, `$nin`: the operand is an array; `$in` holds when the value (or, for an array value, any
 *   element) equals one of its items; `$nin` is its negation.
 * - `$exists`: `true` when the path is present (even if `null`), `false` when absent.
 * - `$regex`: a regular expression in RE2 syntax (at most 256 characters; JavaScript syntax without
 *   lookaround and backreferences) tested against a string value or any string element of an array
 *   value; flags go in a sibling `$options` made of `i`, `m`, `s`, `u`: `{"$regex": "^vip", "$options": "i"}`.
 *   Matching runs in time linear in the text (RE2's automaton, no backtracking), so no pattern can
 *   hang a worker: payloads and filters are both untrusted.
 * - `$and`, `$or`: a non-empty array of filters; `$not`: a filter (at the top level) or, under a
 *   path, anything that could stand under that path: `{"status": {"$not": {"$in": ["closed"]}}}`.
 *
 * Missing values. A path that does not resolve is "missing": it equals nothing, is in nothing,
 * compares false, and matches only `$exists: false`, `$neq` and `$nin`. Type mismatches are false.
 * Evaluation never throws.
 *
 * Limits. Depth at most 10 levels of objects and arrays; at most 200 nodes (every key and every
 * array element counts); paths at most 200 characters.
 *
 * @example
 * {"ticket.priority": {"$in": ["high", "urgent"]},
 *  "$or": [{"ticket.customer.email": {"$regex": "@acme\\.com$", "$options": "i"}},
 *          {"ticket.tags": "vip"}]}
 */
import { RE2JS } from 're2js';
import { type ConduitError, badInput } from '../errors';
import { closestNames } from '../events/suggest';
import { isPlainObject, type JsonObject } from '../json';
import { MISSING, childLocation, describeValue, isPrimitive, jsonEqual, makeGetter } from './filter-values';

/** A filter: a JSON object of conditions (see the language description at the top of this file). */
export type Filter = JsonObject;

/** Size limits of a filter, enforced by {@link validateFilter}. */
export const FILTER_LIMITS = Object.freeze({ maxDepth: 10, maxNodes: 200, maxPathLength: 200, maxRegexLength: 256 });

/** Every operator of the filter language. */
export const FILTER_OPERATORS = Object.freeze([
  '$eq', '$neq', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex', '$and', '$or', '$not',
] as const);

type Predicate = (root: unknown) => boolean;
type ValueTest = (value: unknown) => boolean;

const VALUE_OPERATORS = new Set(['$eq', '$neq', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex', '$options']);
const KNOWN_KEYS = [...FILTER_OPERATORS, '$options'];
const REGEX_FLAGS = /^(?!.*(.).*\1)[imsu]*$/;
const ALWAYS: Predicate = () => true;
const OPTIONS_ALONE = '$options only goes beside $regex: {"$regex": "^vip", "$options": "i"}';

function fail(location: string, problem: string): ConduitError {
  return badInput(`Invalid filter at ${location}: ${problem}`, 'filter', { path: location });
}

function unknownOperator(location: string, key: string): ConduitError {
  const [suggestion] = closestNames(key, KNOWN_KEYS, 1);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` Operators are ${FILTER_OPERATORS.join(' ')}.`;
  return fail(location, `unknown operator "${key}".${hint}`);
}

/** Rejects anything that is not JSON, too deep or too large, before any meaning is looked at. */
function checkShape(value: unknown, location: string, depth: number, count: { nodes: number }): void {
  if (isPrimitive(value)) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw fail(location, `${value} is not a JSON number`);
    return;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) throw fail(location, `${describeValue(value)} is not a JSON value`);
  if (depth > FILTER_LIMITS.maxDepth) {
    throw fail(location, `the filter is nested deeper than ${FILTER_LIMITS.maxDepth} levels; flatten it with dotted paths`);
  }
  const children: [string, unknown][] = isArray
    ? value.map((item, i): [string, unknown] => [`${location}[${i}]`, item])
    : Object.entries(value).map(([key, item]): [string, unknown] => [childLocation(location, key), item]);
  for (const [childLoc, item] of children) {
    count.nodes += 1;
    if (count.nodes > FILTER_LIMITS.maxNodes) {
      throw fail(childLoc, `the filter has more than ${FILTER_LIMITS.maxNodes} nodes (keys and array items); simplify it or split the subscription`);
    }
    checkShape(item, childLoc, depth + 1, count);
  }
}

function parsePath(key: string, location: string): string[] {
  if (key.length > FILTER_LIMITS.maxPathLength) {
    throw fail(location, `the path is longer than ${FILTER_LIMITS.maxPathLength} characters`);
  }
  const segments = key.split('.');
  if (segments.some((s) => s.length === 0)) {
    throw fail(location, `the path "${key}" has an empty segment; write dotted paths like "ticket.customer.email"`);
  }
  const operatorLike = segments.find((s) => s.startsWith('$'));
  if (operatorLike) throw fail(location, `the path "${key}" has the segment "${operatorLike}"; operators go in the value, not in the path`);
  return segments;
}

function and(predicates: Predicate[]): Predicate {
  if (predicates.length === 0) return ALWAYS;
  if (predicates.length === 1) return predicates[0];
  return (root) => predicates.every((p) => p(root));
}

function compileCondition(value: unknown, path: readonly string[], location: string): Predicate {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      if (path.length === 0) return ALWAYS;
      throw fail(location, 'an empty object is not a condition; use {"$exists": true} to require the field, or {"$eq": {}} for an empty object');
    }
    return keys.some((k) => VALUE_OPERATORS.has(k) && k !== '$options') ? compileOperators(value, path, location) : compileFilterObject(value, path, location);
  }
  if (path.length === 0) {
    throw fail(location, `expected an object of conditions such as {"ticket.status": "open"}, got ${describeValue(value)}`);
  }
  const get = makeGetter(path);
  const test = equalsTest(value);
  return (root) => test(get(root));
}

function compileList(value: unknown, operator: string, path: readonly string[], location: string): Predicate[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw fail(location, `${operator} needs a non-empty array of filters, e.g. {"${operator}": [{"ticket.status": "open"}, {"ticket.priority": "urgent"}]}, got ${Array.isArray(value) ? 'an empty array' : describeValue(value)}`);
  }
  return value.map((item, i) => {
    const itemLocation = `${location}[${i}]`;
    if (!isPlainObject(item)) throw fail(itemLocation, `each item of ${operator} must be an object of conditions, got ${describeValue(item)}`);
    return compileCondition(item, path, itemLocation);
  });
}

function compileFilterObject(object: Record<string, unknown>, path: readonly string[], location: string): Predicate {
  const predicates: Predicate[] = [];
  for (const [key, value] of Object.entries(object)) {
    const keyLocation = childLocation(location, key);
    if (key === '$and') {
      predicates.push(and(compileList(value, key, path, keyLocation)));
    } else if (key === '$or') {
      const options = compileList(value, key, path, keyLocation);
      predicates.push((root) => options.some((p) => p(root)));
    } else if (key === '$not') {
      const inner = compileCondition(value, path, keyLocation);
      predicates.push((root) => !inner(root));
    } else if (key === '$options') {
      throw fail(keyLocation, OPTIONS_ALONE);
    } else if (key.startsWith('$')) {
      throw unknownOperator(keyLocation, key);
    } else {
      predicates.push(compileCondition(value, [...path, ...parsePath(key, keyLocation)], keyLocation));
    }
  }
  return and(predicates);
}

function compileOperators(object: Record<string, unknown>, path: readonly string[], location: string): Predicate {
  if (path.length === 0) {
    const op = Object.keys(object).find((k) => VALUE_OPERATORS.has(k));
    throw fail(location, `"${op}" tests the value at a path; put it under one, e.g. {"ticket.priority": {"${op}": …}}`);
  }
  const tests: ValueTest[] = [];
  const negations: Predicate[] = [];
  for (const [key, operand] of Object.entries(object)) {
    const keyLocation = childLocation(location, key);
    if (key === '$not') {
      const inner = compileCondition(operand, path, keyLocation);
      negations.push((root) => !inner(root));
    } else if (key === '$options') {
      if (!Object.hasOwn(object, '$regex')) throw fail(keyLocation, OPTIONS_ALONE);
    } else if (VALUE_OPERATORS.has(key)) {
      tests.push(compileOperator(key, operand, object, keyLocation));
    } else if (key === '$and' || key === '$or') {
      throw fail(keyLocation, `${key} cannot stand beside value operators such as $eq; move the operators into the ${key} items`);
    } else if (key.startsWith('$')) {
      throw unknownOperator(keyLocation, key);
    } else {
      throw fail(keyLocation, `"${key}" is a field name mixed with operators; write it as its own condition, e.g. {"${[...path, key].join('.')}": …}`);
    }
  }
  const get = makeGetter(path);
  const valueTest: Predicate = (root) => {
    const value = get(root);
    return tests.every((t) => t(value));
  };
  return and(tests.length > 0 ? [valueTest, ...negations] : negations);
}

function compileOperator(op: string, operand: unknown, siblings: Record<string, unknown>, location: string): ValueTest {
  switch (op) {
    case '$eq':
      return equalsTest(operand);
    case '$neq': {
      const eq = equalsTest(operand);
      return (v) => !eq(v);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return compareTest(op, operand, location);
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) {
        throw fail(location, `${op} needs an array of values, e.g. {"${op}": ["high", "urgent"]}, got ${describeValue(operand)}`);
      }
      const test = inTest(operand);
      return op === '$in' ? test : (v) => !test(v);
    }
    case '$exists':
      if (typeof operand !== 'boolean') throw fail(location, `$exists needs true or false, got ${describeValue(operand)}`);
      return operand ? (v) => v !== MISSING : (v) => v === MISSING;
    case '$regex':
      return regexTest(operand, siblings.$options, location);
    default:
      throw unknownOperator(location, op);
  }
}

function equalsTest(operand: unknown): ValueTest {
  if (isPrimitive(operand)) return (v) => v === operand || (Array.isArray(v) && v.includes(operand));
  return (v) => v !== MISSING && (jsonEqual(v, operand) || (Array.isArray(v) && v.some((e) => jsonEqual(e, operand))));
}

function inTest(items: readonly unknown[]): ValueTest {
  const primitives = new Set(items.filter(isPrimitive));
  const structured = items.filter((i) => !isPrimitive(i));
  const one = (v: unknown): boolean => (isPrimitive(v) ? primitives.has(v) : structured.some((s) => jsonEqual(v, s)));
  return (v) => v !== MISSING && (one(v) || (Array.isArray(v) && v.some(one)));
}

function compareTest(op: '$gt' | '$gte' | '$lt' | '$lte', operand: unknown, location: string): ValueTest {
  if (typeof operand !== 'number' && typeof operand !== 'string') {
    throw fail(location, `${op} needs a number or a string (ISO-8601 dates compare as strings), got ${describeValue(operand)}`);
  }
  return typeof operand === 'number' ? numberCompare(op, operand) : stringCompare(op, operand);
}

function numberCompare(op: '$gt' | '$gte' | '$lt' | '$lte', x: number): ValueTest {
  switch (op) {
    case '$gt':
      return (v) => typeof v === 'number' && v > x;
    case '$gte':
      return (v) => typeof v === 'number' && v >= x;
    case '$lt':
      return (v) => typeof v === 'number' && v < x;
    case '$lte':
      return (v) => typeof v === 'number' && v <= x;
  }
}

function stringCompare(op: '$gt' | '$gte' | '$lt' | '$lte', x: string): ValueTest {
  switch (op) {
    case '$gt':
      return (v) => typeof v === 'string' && v > x;
    case '$gte':
      return (v) => typeof v === 'string' && v >= x;
    case '$lt':
      return (v) => typeof v === 'string' && v < x;
    case '$lte':
      return (v) => typeof v === 'string' && v <= x;
  }
}

/** `$options` letters as RE2JS flags; `u` is RE2's default (it always matches by code point). */
function re2Flags(options: string): number {
  let flags = 0;
  if (options.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (options.includes('m')) flags |= RE2JS.MULTILINE;
  if (options.includes('s')) flags |= RE2JS.DOTALL;
  return flags;
}

function regexTest(source: unknown, flags: unknown, location: string): ValueTest {
  if (typeof source !== 'string') throw fail(location, `$regex needs a string, got ${describeValue(source)}`);
  if (source.length > FILTER_LIMITS.maxRegexLength) {
    throw fail(location, `$regex is ${source.length} characters long, the limit is ${FILTER_LIMITS.maxRegexLength}`);
  }
  const optionsLocation = location.replace(/\.\$regex$/, '.$options');
  if (flags !== undefined && (typeof flags !== 'string' || !REGEX_FLAGS.test(flags))) {
    throw fail(optionsLocation, `$options must be a string of distinct flags among "i", "m", "s", "u", got ${describeValue(flags)}`);
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, re2Flags(flags ?? ''));
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw fail(location, `$regex ${JSON.stringify(source)} does not compile: ${reason} (RE2 syntax: no lookaround or backreferences)`);
  }
  const one = (v: unknown): boolean => typeof v === 'string' && regex.matcher(v).find();
  return (v) => one(v) || (Array.isArray(v) && v.some(one));
}

/**
 * Throws BAD_USER_INPUT naming the exact location (`filter.$or[1]["ticket.priority"].$in`) and the
 * problem when `filter` is not a valid filter. `null` and `undefined` mean "no filter" and pass.
 */
export function validateFilter(filter: unknown): void {
  compileFilter(filter);
}

/**
 * Validates `filter` (throwing like {@link validateFilter}) and compiles it into a predicate over an
 * event payload. The predicate never throws; `null`/`undefined` compile to "match everything".
 */
export function compileFilter(filter: unknown): (payload: unknown) => boolean {
  if (filter === null || filter === undefined) return ALWAYS;
  if (!isPlainObject(filter)) {
    throw fail('filter', `a filter is an object of conditions such as {"ticket.status": "open"}, got ${describeValue(filter)}`);
  }
  checkShape(filter, 'filter', 1, { nodes: 0 });
  const predicate = compileCondition(filter, [], 'filter');
  return (payload) => {
    // Payloads are untrusted data: one too deep to walk simply does not match; publishing goes on.
    try {
      return predicate(payload);
    } catch {
      return false;
    }
  };
}

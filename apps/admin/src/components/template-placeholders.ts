/**
 * Placeholders for the "+" menu of template inputs (automations, flow steps, action requests): the
 * paths of an event's example payload or JSON schema, step outputs, context records, an action's
 * inputs and auth fields, written as the LiquidJS expressions the API renders
 * (`{{ ticket.customer.email }}`, `{{ steps.lookup.id }}`, `{{ input.phone }}`).
 */

/** The JSON type of a placeholder's value, as shown next to it. */
export type PlaceholderType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'unknown';

export interface Placeholder {
  /** The template to insert, e.g. `{{ ticket.customer.email }}`. */
  template: string;
  /** The same path without braces, e.g. `ticket.customer.email`. */
  path: string;
  type: PlaceholderType;
  /** The example's value at this path (from an example payload), for the menu. */
  sample?: unknown;
  /** What it is, shown in the menu instead of the sample or type (e.g. "Phone (string)"). */
  description?: string;
}

export interface PlaceholderGroup {
  label: string;
  items: Placeholder[];
}

export interface FlattenOptions {
  /** Segments before the payload's own, e.g. `['context', 'customer']`. */
  prefix?: readonly string[];
  /** Root keys the template scope replaces (an automation's `event` and `context`): left out. */
  reserved?: readonly string[];
  /** At most this many placeholders (large examples stay usable). Default 200. */
  limit?: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFAULT_LIMIT = 200;

/** `ticket.customer.email`, `steps.lookup["order.name"]`, `items[0].id` from path segments. */
export function pathExpression(segments: readonly (string | number)[]): string {
  let expression = '';
  for (const segment of segments) {
    if (typeof segment === 'number') expression += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) expression += expression === '' ? segment : `.${segment}`;
    else expression += `[${JSON.stringify(segment)}]`;
  }
  return expression;
}

/** `{{ ticket.customer.email }}` from path segments. */
export function templateFor(segments: readonly (string | number)[]): string {
  return `{{ ${pathExpression(segments)} }}`;
}

/**
 * Every leaf of an example payload as a placeholder, depth first: objects are walked, the first
 * element of an array stands for all of them (`items[0].id`), empty objects and arrays are left
 * out (they print nothing useful), and so are objects themselves (printing one is a template error).
 */
export function flattenExample(example: unknown, options: FlattenOptions = {}): Placeholder[] {
  const prefix = options.prefix ?? [];
  const reserved = new Set(options.reserved ?? []);
  const limit = options.limit ?? DEFAULT_LIMIT;
  const result: Placeholder[] = [];

  const visit = (value: unknown, segments: (string | number)[]): void => {
    if (result.length >= limit) return;
    if (Array.isArray(value)) {
      if (value.length > 0) visit(value[0], [...segments, 0]);
      return;
    }
    if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (segments.length === prefix.length && reserved.has(key)) continue;
        visit(child, [...segments, key]);
      }
      return;
    }
    if (segments.length === prefix.length) return; // a bare scalar payload has no path
    result.push({ template: templateFor(segments), path: pathExpression(segments), type: typeOf(value), sample: value });
  };

  visit(example, [...prefix]);
  return result;
}

/**
 * The leaves a JSON Schema declares (`properties`, `items`), for placeholders an example leaves
 * out (optional fields). `$ref`, `allOf` and friends are not followed.
 */
export function schemaPlaceholders(schema: unknown, options: FlattenOptions = {}): Placeholder[] {
  const prefix = options.prefix ?? [];
  const reserved = new Set(options.reserved ?? []);
  const limit = options.limit ?? DEFAULT_LIMIT;
  const result: Placeholder[] = [];

  const visit = (node: unknown, segments: (string | number)[], depth: number): void => {
    if (result.length >= limit || !isObject(node) || depth > 12) return;
    const type = schemaType(node);
    if (isObject(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (segments.length === prefix.length && reserved.has(key)) continue;
        visit(child, [...segments, key], depth + 1);
      }
      return;
    }
    if (type === 'array' || node.items !== undefined) {
      if (isObject(node.items)) visit(node.items, [...segments, 0], depth + 1);
      return;
    }
    if (type === 'object' || segments.length === prefix.length) return;
    result.push({ template: templateFor(segments), path: pathExpression(segments), type: type ?? 'unknown' });
  };

  visit(schema, [...prefix], 0);
  return result;
}

/** An event type's placeholders: its example's leaves, then the schema's leaves the example lacks. */
export function eventTypePlaceholders(eventType: { example?: unknown; schema?: unknown }, options: FlattenOptions = {}): Placeholder[] {
  const fromExample = flattenExample(eventType.example ?? null, options);
  const seen = new Set(fromExample.map((p) => p.path));
  const fromSchema = schemaPlaceholders(eventType.schema ?? null, options).filter((p) => !seen.has(p.path));
  return [...fromExample, ...fromSchema].slice(0, options.limit ?? DEFAULT_LIMIT);
}

/** `{{ steps.lookup.id }}`; `{{ steps.lookup["order.name"] }}` for an output key with dots. */
export function stepOutputTemplate(stepKey: string, outputKey: string): string {
  return templateFor(['steps', stepKey, outputKey]);
}

/** `{{ context.customer.id }}`: a field of what an automation kept with storeAs. */
export function contextTemplate(storeAs: string, outputKey: string): string {
  return templateFor(['context', storeAs, outputKey]);
}

/**
 * The variable roots a template prints or tests (`{{ email }}`, `{% if plan %}` → email, plan), so
 * a flow can offer and prefill its variables. Filters' arguments and literals are not roots.
 */
export function templateRoots(template: string): string[] {
  const roots = new Set<string>();
  const blocks = template.matchAll(/\{\{-?([\s\S]*?)-?\}\}|\{%-?\s*(?:if|unless|elsif|case|when)\b([\s\S]*?)-?%\}/g);
  for (const block of blocks) {
    const expression = (block[1] ?? block[2] ?? '').split('|')[0];
    // Identifiers that start a path: not after a ".", not inside quotes, not keywords.
    const withoutStrings = expression.replace(/"[^"]*"|'[^']*'/g, ' ');
    for (const match of withoutStrings.matchAll(/(^|[^\w.\]"'-])([A-Za-z_][\w-]*)/g)) {
      const name = match[2];
      if (!KEYWORDS.has(name)) roots.add(name);
    }
  }
  return [...roots];
}

const KEYWORDS = new Set(['and', 'or', 'not', 'contains', 'true', 'false', 'nil', 'null', 'empty', 'blank']);

/** Keeps the placeholders whose path or sample contains `query` (case-insensitive). */
export function filterGroups(groups: readonly PlaceholderGroup[], query: string): PlaceholderGroup[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return groups.filter((g) => g.items.length > 0);
  return groups
    .map((group) => ({
      ...group,
      items: group.items.filter((item) => [item.path, sampleText(item.sample), item.description ?? ''].some((text) => text.toLowerCase().includes(needle))),
    }))
    .filter((group) => group.items.length > 0);
}

/** A sample value as a short line for the menu ("ada@example.com", 42, null). */
export function sampleText(sample: unknown, max = 40): string {
  if (sample === undefined) return '';
  const text = typeof sample === 'string' ? sample : JSON.stringify(sample);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The placeholder type of an action input or output's ValueType (`STRING`, `INTEGER`, …). */
export function placeholderTypeOf(valueType: string): PlaceholderType {
  switch (valueType) {
    case 'STRING':
    case 'DATETIME':
      return 'string';
    case 'INTEGER':
      return 'integer';
    case 'NUMBER':
      return 'number';
    case 'BOOLEAN':
      return 'boolean';
    default:
      return 'unknown';
  }
}

function typeOf(value: unknown): PlaceholderType {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'unknown';
}

function schemaType(node: Record<string, unknown>): PlaceholderType | 'object' | undefined {
  const raw = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  switch (raw) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'array':
    case 'object':
      return raw;
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NAME_IDENTIFIER = /^[a-z](?:[a-z0-9_]*[a-z0-9])?$/;

/**
 * Why `value` cannot name something templates refer to (a step key, a storeAs name), or null.
 * The API's rule: lowercase letters, digits and "_", starting with a letter, not ending with "_".
 */
export function identifierProblem(value: string, what: string): string | null {
  if (value.length > 64) return `${what} has at most 64 characters.`;
  if (!NAME_IDENTIFIER.test(value)) return `${what} uses lowercase letters, digits and "_" only, starts with a letter and does not end with "_" (e.g. "lookup_user").`;
  return null;
}

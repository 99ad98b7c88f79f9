import { isPlainObject } from '@conduit/shared';
import {
  checkTemplate,
  renderText,
  renderValue,
  templateError,
  type TemplateLimits,
  type TemplateLocation,
  type TemplateRun,
  type TemplateScopeRules,
} from './template-engine';

const MAX_DEPTH = 64;

/**
 * Parses a JSON body template. Templates live inside JSON strings (`{"otp": "{{ input.otp }}"}`),
 * so the text must be valid JSON before anything is rendered; the error names the line and column.
 */
export function parseJsonBody(text: string, location: TemplateLocation): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw templateError(location, describeJsonError(text, error));
  }
  walk(parsed, '', 0, location, {
    string: () => undefined,
    key: () => undefined,
    number: (value, path) => {
      // JSON.parse would silently send another number.
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw templateError({ ...location, path }, `the number ${value} cannot be sent exactly; put it in quotes to send it as text`);
      }
    },
  });
  return parsed;
}

/** Save-time check of every template in a JSON body (strings and keys). */
export function checkJsonBody(text: string, location: TemplateLocation, rules: TemplateScopeRules, limits?: Partial<TemplateLimits>): void {
  const parsed = parseJsonBody(text, location);
  walk(parsed, '', 0, location, {
    string: (value, path) => checkTemplate(value, { ...location, path }, rules, limits),
    key: (key, path) => checkTemplate(key, { ...location, path }, rules, limits),
    number: () => undefined,
  });
}

/**
 * Renders a JSON body template as a structure: a string that is exactly one `{{ … }}` takes the
 * value with its JSON type, other strings and keys render as text; the result is serialised with
 * JSON.stringify, so quotes, newlines and emoji in data always give valid JSON with the same value.
 */
export function renderJsonBody(text: string, scope: Record<string, unknown>, location: TemplateLocation, run: TemplateRun): string {
  const rendered = renderNode(parseJsonBody(text, location), '', 0, { scope, location, run });
  // Text parts were counted as they rendered; lone templates only carry values already in scope.
  return JSON.stringify(rendered, jsonSafe);
}

interface RenderState {
  scope: Record<string, unknown>;
  location: TemplateLocation;
  run: TemplateRun;
}

function renderNode(node: unknown, path: string, depth: number, state: RenderState): unknown {
  if (typeof node === 'string') return renderValue(node, state.scope, { ...state.location, path: path || '(root)' }, state.run);
  if (Array.isArray(node)) return node.map((item, index) => renderNode(item, `${path}[${index}]`, depth + 1, state));
  if (isPlainObject(node)) {
    // fromEntries defines own properties, so a "__proto__" key stays a key.
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        const childPath = joinPath(path, key);
        const renderedKey = renderText(key, state.scope, { ...state.location, path: childPath }, state.run);
        return [renderedKey, renderNode(value, childPath, depth + 1, state)];
      }),
    );
  }
  return node;
}

/** BigInts have no JSON form; a Date already serialises to ISO-8601. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

interface Visitor {
  string(value: string, path: string): void;
  key(key: string, path: string): void;
  number(value: number, path: string): void;
}

function walk(node: unknown, path: string, depth: number, location: TemplateLocation, visit: Visitor): void {
  if (depth > MAX_DEPTH) throw templateError(location, `the JSON body is nested deeper than ${MAX_DEPTH} levels`);
  if (typeof node === 'string') visit.string(node, path || '(root)');
  else if (typeof node === 'number') visit.number(node, path || '(root)');
  else if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${path}[${index}]`, depth + 1, location, visit));
  else if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      const childPath = joinPath(path, key);
      visit.key(key, childPath);
      walk(value, childPath, depth + 1, location, visit);
    }
  }
}

function joinPath(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  return path === '' || part.startsWith('[') ? `${path}${part}` : `${path}.${part}`;
}

function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (text.trim() === '') return 'the JSON body is empty; choose the body type NONE to send no body';
  const match = /position (\d+)/.exec(message);
  const ended = /end of JSON input/i.test(message);
  const position = match ? Number(match[1]) : ended ? text.length : undefined;
  const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  if (position === undefined) return `the JSON body is not valid JSON (${reason})${hintFor(text, -1)}`;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `the JSON body is not valid JSON at line ${line}, column ${column} (${reason})${hintFor(text, position)}`;
}

function hintFor(text: string, position: number): string {
  const around = position >= 0 ? text.slice(Math.max(0, position - 1), position + 2) : '';
  if (around.includes('{{') || around.includes('{%')) return '; put templates inside quotes: "{{ input.amount }}" keeps the value\'s type';
  if (text.includes('{{') || text.includes('{%')) return '; templates go inside JSON strings, and quotes inside a template must be single quotes';
  return '';
}

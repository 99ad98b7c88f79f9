import { ConduitError, isPlainObject } from '@conduit/shared';

/** One step of an output path: an object key or an array index. */
export type PathSegment = string | number;

/** Keys written bare in a path; others are bracket-quoted: `data["order.name"]`. */
const BARE_KEY = /^[^.[\]'"\s$][^.[\]'"\s]*$/u;

/**
 * Parses an output path into the response JSON: `data.validation_id`, `items[0].id`,
 * `data["order.name"]`, `[0].id` (a root array); an optional leading `$.` is ignored.
 * Throws a BAD_USER_INPUT error (errorCode INVALID_OUTPUT_PATH) saying what is wrong.
 */
export function parseOutputPath(path: string): PathSegment[] {
  const text = path.trim().replace(/^\$(?=\.|\[|$)\.?/, '');
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new ConduitError('BAD_USER_INPUT', `Invalid output path ${JSON.stringify(path)}: ${why}.`, { errorCode: 'INVALID_OUTPUT_PATH', field: path });
  };
  if (text === '') fail('it is empty');
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text[i + 1] === '"' || text[i + 1] === "'" ? quotedEnd(text, i + 1) : text.indexOf(']', i);
      if (close < 0 || text[close] !== ']') fail(`unclosed "[" at character ${i + 1}`);
      const inside = text.slice(i + 1, close);
      if (/^\d+$/.test(inside)) segments.push(Number(inside));
      else if (inside.startsWith('"')) segments.push(parseDoubleQuoted(inside) ?? fail(`bad quoted key ${inside}`));
      else if (inside.startsWith("'")) segments.push(inside.slice(1, -1).replace(/\\(['\\])/g, '$1'));
      else fail(`"[${inside}]" is neither an index like [0] nor a quoted key like ["a.b"]`);
      i = close + 1;
    } else {
      if (text[i] === '.') {
        if (i === 0) fail('it starts with "."');
        i++;
      }
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
      if (end === i) fail(`empty key at character ${i + 1}`);
      segments.push(text.slice(i, end));
      i = end;
    }
    if (i < text.length && text[i] !== '.' && text[i] !== '[') fail(`unexpected ${JSON.stringify(text[i])} at character ${i + 1}`);
    if (text[i] === '.' && i === text.length - 1) fail('it ends with "."');
  }
  return segments;
}

/** The index of the `]` closing a quoted key that starts at `open`, or -1. */
function quotedEnd(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return text[i + 1] === ']' ? i + 1 : -1;
  }
  return -1;
}

function parseDoubleQuoted(quoted: string): string | undefined {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Writes segments as a path {@link parseOutputPath} reads back: `items[0].id`, `["order.name"]`. */
export function formatOutputPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (BARE_KEY.test(segment) && !/^\d+$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * Reads the value at an output path (own properties only). A dotted key that exists as one key
 * of the root object (`{"order.name": …}`) is found too. Returns undefined when absent.
 */
export function readOutputPath(json: unknown, path: string): unknown {
  let segments: PathSegment[] | undefined;
  try {
    segments = parseOutputPath(path);
  } catch {
    segments = undefined;
  }
  const found = segments ? readSegments(json, segments) : undefined;
  if (found === undefined && isPlainObject(json) && Object.hasOwn(json, path)) return json[path];
  return found;
}

function readSegments(json: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = json;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= current.length) return undefined;
      current = current[index];
    } else if (isPlainObject(current)) {
      const key = String(segment);
      if (!Object.hasOwn(current, key)) return undefined;
      current = current[key];
    } else {
      return undefined;
    }
  }
  return current;
}

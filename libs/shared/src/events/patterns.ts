import { badInput } from '../errors';
import { CUSTOM_EVENT_PREFIX, EVENT_TYPE_NAME_MAX_LENGTH } from './names';

/** The subscription pattern rule, as shown to users in errors and in the console. */
export const EVENT_PATTERN_RULE =
  'A pattern is an event type ("ticket.created"), "*" alone for every type, or dotted segments where a ' +
  '"*" segment matches exactly one segment ("message.created.channel.*") and a final "**" segment ' +
  'matches one or more segments ("message.**"). Other segments are lowercase a-z, 0-9, "_" or "-".';

const LITERAL = /^[a-z0-9_-]+$/;

/** Why `pattern` is not a valid subscription pattern, or null when it is. */
export function patternProblem(pattern: unknown): string | null {
  if (typeof pattern !== 'string') return `must be a string, got ${pattern === null ? 'null' : typeof pattern}`;
  if (pattern.length === 0) return 'is empty';
  if (pattern.length > EVENT_TYPE_NAME_MAX_LENGTH) {
    return `is ${pattern.length} characters long, the limit is ${EVENT_TYPE_NAME_MAX_LENGTH}`;
  }
  const segments = pattern.split('.');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '*') continue;
    if (segment === '**') {
      if (i !== segments.length - 1) return 'has "**" before its last segment; "**" may only be the last one';
      continue;
    }
    if (segment.length === 0) return 'has an empty segment (check for a leading, trailing or doubled ".")';
    if (segment.includes('*')) {
      return `has the segment "${segment}", which mixes "*" with other characters; a wildcard must be a whole segment`;
    }
    if (!LITERAL.test(segment)) {
      return LITERAL.test(segment.toLowerCase())
        ? `has the segment "${segment}" with uppercase letters (use "${segment.toLowerCase()}")`
        : `has the segment "${segment}" with characters other than a-z, 0-9, "_" and "-"`;
    }
  }
  return null;
}

/** Throws BAD_USER_INPUT naming the pattern and the rule when `pattern` is invalid. */
export function validatePattern(pattern: unknown, field = 'events'): asserts pattern is string {
  const problem = patternProblem(pattern);
  if (problem === null) return;
  const shown = typeof pattern === 'string' ? ` ${JSON.stringify(pattern)}` : '';
  throw badInput(`Invalid event pattern${shown}: it ${problem}. ${EVENT_PATTERN_RULE}`, field, {
    pattern: typeof pattern === 'string' ? pattern : null,
  });
}

/** Throws BAD_USER_INPUT unless `patterns` is a non-empty array of valid patterns. */
export function validatePatterns(patterns: unknown, field = 'events'): asserts patterns is string[] {
  if (!Array.isArray(patterns) || patterns.length === 0) {
    throw badInput(
      `${field} must be a non-empty list of event patterns, e.g. ["ticket.created", "message.**"]. ${EVENT_PATTERN_RULE}`,
      field,
    );
  }
  for (const pattern of patterns) validatePattern(pattern, field);
}

interface TrieNode {
  readonly literal: Map<string, TrieNode>;
  star: TrieNode | null;
  /** A pattern ends exactly here. */
  end: boolean;
  /** A pattern continues with `**` here: any one or more further segments match. */
  rest: boolean;
}

function newNode(): TrieNode {
  return { literal: new Map(), star: null, end: false, rest: false };
}

function insert(root: TrieNode, segments: readonly string[]): void {
  let node = root;
  for (const segment of segments) {
    if (segment === '**') {
      node.rest = true;
      return;
    }
    if (segment === '*') {
      node.star ??= newNode();
      node = node.star;
    } else {
      let child = node.literal.get(segment);
      if (!child) {
        child = newNode();
        node.literal.set(segment, child);
      }
      node = child;
    }
  }
  node.end = true;
}

/**
 * Validates `patterns` once and returns a matcher for event types. Exact patterns are a set lookup;
 * wildcard patterns share a segment trie walked breadth-first (no backtracking, no regex), so a
 * match costs O(segments × trie width). An empty list matches nothing.
 */
export function compilePatterns(patterns: readonly string[]): (type: string) => boolean {
  for (const pattern of patterns) validatePattern(pattern);
  if (patterns.some((p) => p === '*' || p === '**')) return () => true;

  const exact = new Set<string>();
  const root = newNode();
  let hasWildcards = false;
  for (const pattern of patterns) {
    if (pattern.includes('*')) {
      hasWildcards = true;
      insert(root, pattern.split('.'));
    } else {
      exact.add(pattern);
    }
  }
  if (!hasWildcards) {
    if (exact.size === 1) {
      const [only] = exact;
      return (type) => type === only;
    }
    return (type) => exact.has(type);
  }

  return (type) => {
    if (exact.has(type)) return true;
    let active: TrieNode[] = [root];
    let start = 0;
    while (start <= type.length) {
      const dot = type.indexOf('.', start);
      const end = dot === -1 ? type.length : dot;
      const segment = type.slice(start, end);
      const next: TrieNode[] = [];
      for (const node of active) {
        if (node.rest) return true;
        const child = node.literal.get(segment);
        if (child) next.push(child);
        if (node.star) next.push(node.star);
      }
      if (next.length === 0) return false;
      active = next;
      start = end + 1;
    }
    return active.some((node) => node.end);
  };
}

/** True when `type` matches `pattern` (see {@link EVENT_PATTERN_RULE}); throws on an invalid pattern. */
export function patternMatches(pattern: string, type: string): boolean {
  return compilePatterns([pattern])(type);
}

/**
 * True when `pattern` can match some event: one of `knownTypes`, or a custom `event.emit.<name>`
 * (which needs no registration). Used to warn about subscriptions that would never fire.
 */
export function patternCouldMatch(pattern: string, knownTypes: Iterable<string>): boolean {
  const matches = compilePatterns([pattern]);
  for (const type of knownTypes) if (matches(type)) return true;
  return couldMatchCustomEvent(pattern);
}

function couldMatchCustomEvent(pattern: string): boolean {
  if (pattern === '*') return true;
  const prefix = CUSTOM_EVENT_PREFIX.slice(0, -1).split('.');
  const segments = pattern.split('.');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '**') return true;
    if (i < prefix.length && segment !== '*' && segment !== prefix[i]) return false;
  }
  return segments.length > prefix.length;
}

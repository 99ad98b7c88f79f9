/**
 * Event patterns as the API reads them (webhooks, automations, flows): an event type, `*` alone for
 * every type, a `*` segment for exactly one segment, a final `**` for one or more. Checked here
 * only to answer while typing; the API checks again and its message wins.
 */

const LITERAL = /^[a-z0-9_-]+$/;
const MAX_LENGTH = 200;

/** Why `pattern` is not a valid event pattern, or null when it is. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'A pattern cannot be empty.';
  if (pattern.length > MAX_LENGTH) return `A pattern has at most ${MAX_LENGTH} characters.`;
  const segments = pattern.split('.');
  for (const [index, segment] of segments.entries()) {
    if (segment === '*') continue;
    if (segment === '**') {
      if (index !== segments.length - 1) return `"${pattern}": "**" may only be the last segment.`;
      continue;
    }
    if (segment === '') return `"${pattern}" has an empty segment (check for a leading, trailing or doubled ".").`;
    if (segment.includes('*')) return `"${pattern}": a wildcard must be a whole segment ("ticket.*", not "ticket.cr*").`;
    if (!LITERAL.test(segment)) {
      return LITERAL.test(segment.toLowerCase())
        ? `"${pattern}" has uppercase letters; use "${pattern.toLowerCase()}".`
        : `"${pattern}": segments use only a-z, 0-9, "_" and "-".`;
    }
  }
  return null;
}

/** Whether an event of `type` matches `pattern`. */
export function patternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  const want = pattern.split('.');
  const have = type.split('.');
  for (const [index, segment] of want.entries()) {
    if (segment === '**') return have.length > index;
    if (index >= have.length) return false;
    if (segment !== '*' && segment !== have[index]) return false;
  }
  return want.length === have.length;
}

/** The catalogue types some pattern matches, in catalogue order. */
export function matchingTypes(patterns: readonly string[], types: readonly string[]): string[] {
  return types.filter((type) => patterns.some((pattern) => patternMatches(pattern, type)));
}

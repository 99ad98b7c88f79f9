/**
 * Event patterns as the API reads them (libs/shared/src/events/patterns.ts), for showing which
 * catalogue types a webhook receives. The API validates patterns; this only matches valid ones.
 */

/** Shown next to the event picker. */
export const PATTERN_HELP = [
  { pattern: 'ticket.created', meaning: 'exactly this event type' },
  { pattern: 'message.created.channel.*', meaning: '"*" stands for exactly one segment: every channel' },
  { pattern: 'message.**', meaning: 'a final "**" stands for one or more segments: every message event' },
  { pattern: '*', meaning: 'alone: every event type' },
] as const;

/** Whether `pattern` contains a wildcard (and is not a plain event type). */
export function isPattern(value: string): boolean {
  return value.includes('*');
}

/** True when `type` matches `pattern`: "*" alone matches all, a "*" segment one segment, a final "**" one or more. */
export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === '**') return true;
  const patternSegments = pattern.split('.');
  const typeSegments = type.split('.');
  for (let i = 0; i < patternSegments.length; i++) {
    const segment = patternSegments[i];
    if (segment === '**') return i === patternSegments.length - 1 && typeSegments.length > i;
    if (i >= typeSegments.length) return false;
    if (segment !== '*' && segment !== typeSegments[i]) return false;
  }
  return patternSegments.length === typeSegments.length;
}

/** The types (in their order) that at least one of `patterns` matches. */
export function matchingTypes<T extends { name: string }>(patterns: readonly string[], types: readonly T[]): T[] {
  return types.filter((type) => patterns.some((pattern) => matchesPattern(pattern, type.name)));
}

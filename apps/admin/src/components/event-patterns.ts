/**
 * Event patterns (webhooks, automations, flows) checked and matched by the API's own code
 * (libs/shared): the console answers while typing with the API's words, and the API checks again.
 */
import { compilePatterns, patternProblem as apiPatternProblem } from '@conduit/shared/events/patterns';

/** Why `pattern` is not a valid event pattern, as the API says it, or null when it is. */
export function patternProblem(pattern: string): string | null {
  const problem = apiPatternProblem(pattern);
  return problem === null ? null : `Invalid event pattern ${JSON.stringify(pattern)}: it ${problem}.`;
}

/** The first problem of a list of patterns, or null. */
export function patternsProblem(patterns: readonly string[]): string | null {
  return patterns.map(patternProblem).find((problem) => problem !== null) ?? null;
}

/** The catalogue types (names, or entries with a name) some valid pattern matches, in catalogue order. */
export function matchingTypes<T extends string | { name: string }>(patterns: readonly string[], types: readonly T[]): T[] {
  const matches = compilePatterns(patterns.filter((pattern) => apiPatternProblem(pattern) === null));
  return types.filter((type) => matches(typeof type === 'string' ? type : type.name));
}

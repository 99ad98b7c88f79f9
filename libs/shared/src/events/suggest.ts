import { ConduitError } from '../errors';

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein restricted to adjacent transpositions):
 * insertions, deletions, substitutions and swaps of two neighbouring characters each cost 1.
 * Stops early and returns `limit + 1` once the distance is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  let prevPrev = new Array<number>(width).fill(0);
  let prev = Array.from({ length: width }, (_, j) => j);
  let curr = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, prevPrev[j - 2] + 1);
      }
      curr[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return limit + 1;
    [prevPrev, prev, curr] = [prev, curr, prevPrev];
  }
  return prev[b.length];
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function sameSegments(a: string, b: string): boolean {
  const sa = a.split('.').sort();
  const sb = b.split('.').sort();
  return sa.length === sb.length && sa.every((s, i) => s === sb[i]);
}

interface Scored {
  name: string;
  distance: number;
  prefix: number;
  /** Within the typo limit (as opposed to a prefix or reordering match). */
  close: boolean;
}

/**
 * The candidates closest to `name`, best first, at most `max`: those within a small edit distance
 * (typos, swapped letters, a missing "d"), those that extend `name` as a dotted prefix
 * (`ticket` → `ticket.created`), and those with the same segments in another order. Typo matches
 * more than one edit worse than the best one are dropped. Case is ignored. Returns [] when nothing is plausibly meant.
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  if (max <= 0) return [];
  const wanted = name.toLowerCase();
  // Roughly one typo per three characters, never fewer than two.
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let scored: Scored[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower, limit);
    const prefix = commonPrefixLength(wanted, lower);
    const extends_ = wanted.length > 0 && lower.startsWith(`${wanted}.`);
    const close = distance <= limit;
    if (close || extends_ || sameSegments(wanted, lower)) {
      scored.push({ name: candidate, distance: close ? distance : editDistance(wanted, lower), prefix, close });
    }
  }
  // A near-exact typo match makes the merely similar ones noise: keep typos within one edit of the best.
  const best = Math.min(...scored.filter((s) => s.close).map((s) => s.distance));
  scored = scored.filter((s) => !s.close || s.distance <= best + 1);
  scored.sort((x, y) => x.distance - y.distance || y.prefix - x.prefix || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** Formats `["a", "b", "c"]` as `"a", "b" or "c"`. */
export function quoteAlternatives(names: readonly string[]): string {
  const quoted = names.map((n) => JSON.stringify(n));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * The BAD_USER_INPUT error for publishing (or subscribing to) an event type that is not in the
 * catalogue: `Unknown event type "ticket.craeted". Did you mean "ticket.created"?`.
 */
export function unknownEventTypeError(name: string, candidates: Iterable<string>): ConduitError {
  const suggestions = closestNames(name, candidates);
  const hint =
    suggestions.length > 0
      ? `Did you mean ${quoteAlternatives(suggestions)}?`
      : 'Register it in the event catalogue first (registerEventType), or publish it as a custom event named "event.emit.<name>".';
  return new ConduitError('BAD_USER_INPUT', `Unknown event type ${JSON.stringify(name)}. ${hint}`, {
    type: name,
    suggestions,
  });
}

import { isPlainObject } from '@conduit/shared';
import { formatOutputPath, type PathSegment } from './output-path';
import { isIsoDateTime, type TypedValue, type ValueType } from './value-types';

/** A leaf of a response the console offers as an output: its path, inferred type and a sample. */
export interface OutputCandidate {
  key: string;
  type: ValueType;
  sample: TypedValue;
}

/** Elements of each array that are looked into: `items[0]`, `items[1]`, `items[2]`. */
export const CANDIDATE_ARRAY_ITEMS = 3;
/** Samples longer than this are cut (with "…"), so a large blob does not travel to the console. */
export const CANDIDATE_SAMPLE_CHARS = 200;
const MAX_DEPTH = 32;

/**
 * Lists the leaves of a JSON response, depth-first in document order, at most `limit`: each with
 * a path {@link extractOutputs} reads, an inferred type (DATETIME for ISO-8601 strings, INTEGER
 * or NUMBER, BOOLEAN, STRING; STRING with a null sample for nulls) and a sample value. Only the
 * first {@link CANDIDATE_ARRAY_ITEMS} elements of arrays are visited; empty objects and arrays are skipped.
 */
export function detectCandidates(json: unknown, limit = 200): OutputCandidate[] {
  const candidates: OutputCandidate[] = [];
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (candidates.length >= limit || path.length > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      value.slice(0, CANDIDATE_ARRAY_ITEMS).forEach((item, index) => visit(item, [...path, index]));
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
    } else if (path.length > 0) {
      const candidate = leaf(value, formatOutputPath(path));
      if (candidate) candidates.push(candidate);
    }
  };
  visit(json, []);
  return candidates;
}

function leaf(value: unknown, key: string): OutputCandidate | undefined {
  if (value === null) return { key, type: 'STRING', sample: null };
  if (typeof value === 'boolean') return { key, type: 'BOOLEAN', sample: value };
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'INTEGER' : 'NUMBER', sample: value };
  if (typeof value === 'string') {
    const sample = value.length > CANDIDATE_SAMPLE_CHARS ? `${value.slice(0, CANDIDATE_SAMPLE_CHARS)}…` : value;
    return { key, type: isIsoDateTime(value) ? 'DATETIME' : 'STRING', sample };
  }
  return undefined;
}

import fc from 'fast-check';
import { ConduitError } from '../errors';
import { compilePatterns, patternProblem, validatePattern } from './patterns';

/** Generated subscription patterns and event types (fast-check). */

const RUNS = { numRuns: 500 };
const segment = fc.constantFrom('ticket', 'message', 'created', 'channel', 'web', 'a-b', 'x_1', '*', '**', '', 'Ticket', 'tick*t', 'é', ' ');
const pattern = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const literal = fc.constantFrom('ticket', 'message', 'created', 'channel', 'web', 'a-b', 'x_1');
const eventType = fc.array(literal, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));

describe('event patterns under generated input', () => {
  it('any string is either a valid pattern or refused with BAD_USER_INPUT that names it and states the rule', () => {
    fc.assert(
      fc.property(fc.oneof(pattern, fc.anything()), (candidate) => {
        const problem = patternProblem(candidate);
        let thrown: unknown;
        try {
          validatePattern(candidate);
        } catch (error) {
          thrown = error;
        }
        if (problem === null) {
          expect(thrown).toBeUndefined();
          return;
        }
        expect(thrown).toBeInstanceOf(ConduitError);
        const error = thrown as ConduitError;
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toContain('A pattern is an event type');
        if (typeof candidate === 'string') expect(error.message).toContain(JSON.stringify(candidate));
      }),
      RUNS,
    );
  });

  it('matching agrees with the rule: "*" alone is every type, a "*" segment is one segment, a final "**" one or more, literals equal', () => {
    const validPattern = fc
      .array(fc.oneof(literal, fc.constant('*')), { minLength: 1, maxLength: 5 })
      .chain((parts) => fc.boolean().map((rest) => (rest ? [...parts, '**'] : parts)).map((all) => all.join('.')));
    const reference = (p: string, type: string): boolean => {
      if (p === '*') return true; // "*" alone: every type
      const ps = p.split('.');
      const ts = type.split('.');
      if (ps.at(-1) === '**') {
        const head = ps.slice(0, -1);
        return ts.length > head.length && head.every((s, i) => s === '*' || s === ts[i]);
      }
      return ps.length === ts.length && ps.every((s, i) => s === '*' || s === ts[i]);
    };
    fc.assert(
      fc.property(fc.array(validPattern, { minLength: 1, maxLength: 4 }), fc.array(eventType, { maxLength: 10 }), (patterns, types) => {
        const matches = compilePatterns(patterns);
        for (const type of types) expect(matches(type)).toBe(patterns.some((p) => reference(p, type)));
      }),
      RUNS,
    );
  });
});

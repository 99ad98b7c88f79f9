import fc from 'fast-check';
import { ConduitError } from '../errors';
import { FILTER_OPERATORS, compileFilter } from './filter';

/**
 * Generated filters and payloads (fast-check): a filter is either refused with a clear
 * BAD_USER_INPUT naming where, or compiles to a predicate that answers true/false for any payload
 * without throwing or hanging. Run counts are fixed so the suite stays fast and repeatable.
 */

const RUNS = { numRuns: 400 };

/** Dotted paths over a small vocabulary, so generated filters hit generated payloads. */
const segment = fc.constantFrom('ticket', 'customer', 'email', 'tags', 'status', 'priority', 'id', 'items', '0', 'a.b', '$x', '');
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

/** Filters shaped like the language (operators in the right places) with random mistakes mixed in. */
const filterLike: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  condition: fc.oneof(
    scalar,
    fc.dictionary(fc.constantFrom(...FILTER_OPERATORS, '$options', '$bogus'), fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), tie('filter')), {
      maxKeys: 2,
    }),
  ),
  filter: fc.oneof(
    { depthSize: 'small' },
    fc.dictionary(path, tie('condition'), { maxKeys: 3 }),
    fc.record({ $and: fc.array(tie('filter'), { maxLength: 3 }) }),
    fc.record({ $or: fc.array(tie('filter'), { maxLength: 3 }) }),
    fc.record({ $not: tie('filter') }),
  ),
})).filter;

const payload = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3 }));

function compileOrRefuse(filter: unknown): ((payload: unknown) => boolean) | ConduitError {
  try {
    return compileFilter(filter);
  } catch (error) {
    return error as ConduitError;
  }
}

describe('filter language under generated input', () => {
  it('refuses any JSON value that is not a valid filter with BAD_USER_INPUT naming the place, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), filterLike), (filter) => {
        const result = compileOrRefuse(filter);
        if (typeof result === 'function') return;
        expect(result).toBeInstanceOf(ConduitError);
        expect(result.code).toBe('BAD_USER_INPUT');
        expect(result.message).toMatch(/^Invalid filter at filter/);
        expect(result.details?.field).toBe('filter');
      }),
      RUNS,
    );
  });

  it('compiled filters answer a boolean for every payload, hostile ones included, without throwing', () => {
    fc.assert(
      fc.property(filterLike, fc.array(payload, { maxLength: 5 }), (filter, payloads) => {
        const predicate = compileOrRefuse(filter);
        if (typeof predicate !== 'function') return;
        for (const value of payloads) expect(typeof predicate(value)).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('a generated $regex either compiles to a safe matcher or is refused; matching long hostile text terminates', () => {
    const regexPiece = fc.constantFrom('a', 'a+', '(a+)+', '(a|a)*', '.*', '\\d', '[a-z]', '(', ')', '*', '+', '?', '{1,99999}', '(?=a)', '\\1', '^', '$');
    const regex = fc.array(regexPiece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));
    const hostile = 'a'.repeat(5_000) + '!';
    fc.assert(
      fc.property(regex, fc.constantFrom('', 'i', 'ims', 'x', 'ii'), (source, options) => {
        const filter = options ? { 'ticket.subject': { $regex: source, $options: options } } : { 'ticket.subject': { $regex: source } };
        const predicate = compileOrRefuse(filter);
        if (typeof predicate !== 'function') {
          expect(predicate.code).toBe('BAD_USER_INPUT');
          return;
        }
        expect(typeof predicate({ ticket: { subject: hostile } })).toBe('boolean');
      }),
      RUNS,
    );
  });
});

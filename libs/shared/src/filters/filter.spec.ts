import { catchConduitError, ConduitError } from '../errors';
import { FILTER_LIMITS, FILTER_OPERATORS, compileFilter, validateFilter } from './filter';

const payload = {
  ticket: {
    id: 'tk_10482',
    subject: 'Order #1002 arrived damaged',
    status: 'open',
    priority: 'high',
    score: 7.5,
    vip: true,
    assignee: null,
    customer: { id: 'ct_1', email: 'Maria.Rossi@Example.com', first_name: 'Maria' },
    tags: ['vip', 'order'],
    created_at: '2025-03-14T09:26:53.000Z',
    custom_fields: { 'order.number': '#1002' },
  },
  items: [
    { id: 'sku-1', qty: 2 },
    { id: 'sku-2', qty: 1 },
  ],
  matrix: [[1, 2], [3]],
  count: 3,
};

const matches = (filter: unknown, data: unknown = payload): boolean => compileFilter(filter)(data);

describe('compileFilter: conditions', () => {
  it.each([
    [{}, true],
    [{ 'ticket.status': 'open' }, true],
    [{ 'ticket.status': 'closed' }, false],
    [{ 'ticket.status': 'open', 'ticket.priority': 'high' }, true],
    [{ 'ticket.status': 'open', 'ticket.priority': 'low' }, false],
    [{ ticket: { status: 'open', customer: { first_name: 'Maria' } } }, true],
    [{ ticket: { status: 'open', customer: { first_name: 'Luca' } } }, false],
    [{ 'items.0.id': 'sku-1' }, true],
    [{ 'items.1.qty': 1 }, true],
    [{ 'items.2.id': 'sku-3' }, false],
    [{ 'items.01.id': 'sku-2' }, false],
    [{ 'matrix.0.1': 2 }, true],
    [{ 'ticket.tags': 'vip' }, true],
    [{ 'ticket.tags': ['vip', 'order'] }, true],
    [{ 'ticket.tags': ['order', 'vip'] }, false],
    [{ 'ticket.customer': { $eq: { first_name: 'Maria', email: 'Maria.Rossi@Example.com', id: 'ct_1' } } }, true],
    [{ 'ticket.assignee': null }, true],
    [{ 'ticket.missing': null }, false],
    [{ 'ticket.subject.length': 27 }, false],
    [{ 'ticket.toString': { $exists: true } }, false],
    [{ 'ticket.vip': true }, true],
    [{ count: '3' }, false],
  ])('%j → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});

describe('compileFilter: operators', () => {
  it.each([
    [{ 'ticket.priority': { $eq: 'high' } }, true],
    [{ 'ticket.priority': { $neq: 'high' } }, false],
    [{ 'ticket.priority': { $neq: 'low' } }, true],
    [{ 'ticket.missing': { $neq: 'low' } }, true],
    [{ 'ticket.tags': { $neq: 'vip' } }, false],
    [{ 'ticket.score': { $gt: 7 } }, true],
    [{ 'ticket.score': { $gt: 7.5 } }, false],
    [{ 'ticket.score': { $gte: 7.5 } }, true],
    [{ 'ticket.score': { $lt: 7.5 } }, false],
    [{ 'ticket.score': { $lte: 7.5, $gt: 1 } }, true],
    [{ 'ticket.score': { $gt: '7' } }, false],
    [{ count: { $gt: 2, $lt: 4 } }, true],
    [{ 'ticket.created_at': { $gte: '2025-03-14T00:00:00.000Z' } }, true],
    [{ 'ticket.created_at': { $lt: '2025-03-14T00:00:00.000Z' } }, false],
    [{ 'ticket.status': { $gt: 5 } }, false],
    [{ 'ticket.missing': { $lt: 5 } }, false],
    [{ 'ticket.tags': { $gt: 'a' } }, false],
    [{ 'ticket.priority': { $in: ['high', 'urgent'] } }, true],
    [{ 'ticket.priority': { $in: ['low'] } }, false],
    [{ 'ticket.priority': { $in: [] } }, false],
    [{ 'ticket.tags': { $in: ['vip', 'x'] } }, true],
    [{ 'ticket.customer': { $in: [{ id: 'x' }, { id: 'ct_1', email: 'Maria.Rossi@Example.com', first_name: 'Maria' }] } }, true],
    [{ 'ticket.missing': { $in: [null] } }, false],
    [{ 'ticket.priority': { $nin: ['low', 'normal'] } }, true],
    [{ 'ticket.priority': { $nin: ['high'] } }, false],
    [{ 'ticket.missing': { $nin: ['high'] } }, true],
    [{ 'ticket.assignee': { $exists: true } }, true],
    [{ 'ticket.missing': { $exists: true } }, false],
    [{ 'ticket.missing': { $exists: false } }, true],
    [{ 'ticket.customer.email': { $regex: '@example\\.com$' } }, false],
    [{ 'ticket.customer.email': { $regex: '@example\\.com$', $options: 'i' } }, true],
    [{ 'ticket.tags': { $regex: '^or' } }, true],
    [{ count: { $regex: '3' } }, false],
    [{ 'ticket.status': { $not: { $in: ['closed', 'solved'] } } }, true],
    [{ 'ticket.status': { $not: 'open' } }, false],
    [{ 'ticket.score': { $not: { $gt: 5 }, $exists: true } }, false],
    [{ ticket: { $not: { status: 'closed' } } }, true],
  ])('%j → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it('offers exactly the documented operators', () => {
    expect([...FILTER_OPERATORS].sort()).toEqual(
      ['$and', '$eq', '$exists', '$gt', '$gte', '$in', '$lt', '$lte', '$neq', '$nin', '$not', '$or', '$regex'].sort(),
    );
  });
});

describe('compileFilter: logic', () => {
  it.each([
    [{ $and: [{ 'ticket.status': 'open' }, { 'ticket.priority': 'high' }] }, true],
    [{ $and: [{ 'ticket.status': 'open' }, { 'ticket.priority': 'low' }] }, false],
    [{ $or: [{ 'ticket.status': 'closed' }, { 'ticket.priority': 'high' }] }, true],
    [{ $or: [{ 'ticket.status': 'closed' }, { 'ticket.priority': 'low' }] }, false],
    [{ $not: { 'ticket.status': 'closed' } }, true],
    [{ $not: { 'ticket.status': 'open' } }, false],
    [{ $not: {} }, false],
    [{ 'ticket.priority': { $in: ['high', 'urgent'] }, $or: [{ 'ticket.tags': 'vip' }, { count: { $gt: 10 } }] }, true],
    [{ 'ticket.priority': { $in: ['high', 'urgent'] }, $or: [{ 'ticket.tags': 'gold' }, { count: { $gt: 10 } }] }, false],
    [{ ticket: { $or: [{ status: 'closed' }, { 'customer.first_name': 'Maria' }] } }, true],
    [{ $or: [{ $and: [{ count: 3 }, { $not: { 'ticket.vip': false } }] }, { count: 0 }] }, true],
  ])('%j → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});

describe('compileFilter: evaluation never throws', () => {
  const filter = compileFilter({ 'a.b.0.c': { $gt: 1 }, 'a.d': { $regex: 'x' }, $or: [{ e: { $in: [1, { f: 2 }] } }, { 'g.h': { $exists: false } }] });

  it.each([[null], [undefined], [42], ['text'], [[1, 2]], [{ a: 'string' }], [{ a: { b: 'not an array' } }], [{ a: { b: [null] } }], [Object.create(null)]])(
    'returns a boolean for %j',
    (data) => {
      expect(typeof filter(data)).toBe('boolean');
    },
  );

  it('compares very deep payloads without recursing into them', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(compileFilter({ x: { $eq: [[1]] } })({ x: deep })).toBe(false);
    expect(compileFilter({ 'x.0.0.0': { $exists: true } })({ x: deep })).toBe(true);
  });

  it('does not match, rather than throw, when reading the payload fails', () => {
    const hostile = {};
    Object.defineProperty(hostile, 'a', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(compileFilter({ 'a.b': 1 })(hostile)).toBe(false);
    const proxy = new Proxy({}, { has: () => { throw new Error('boom'); }, getOwnPropertyDescriptor: () => { throw new Error('boom'); } });
    expect(compileFilter({ a: { $exists: false } })(proxy)).toBe(false);
  });

  it('does not read inherited properties', () => {
    expect(matches({ 'ticket.constructor': { $exists: true } })).toBe(false);
    expect(matches(JSON.parse('{"__proto__": {"$exists": true}}'), {})).toBe(false);
    expect(matches(JSON.parse('{"__proto__": {"$exists": false}}'), {})).toBe(true);
    expect(matches(JSON.parse('{"__proto__.polluted": 1}'), JSON.parse('{"__proto__": {"polluted": 1}}'))).toBe(true);
  });

  it('treats null and undefined filters as "no filter"', () => {
    expect(compileFilter(null)(payload)).toBe(true);
    expect(compileFilter(undefined)(undefined)).toBe(true);
    expect(() => validateFilter(null)).not.toThrow();
  });
});

describe('validateFilter', () => {
  it.each([
    ['ticket', 'filter: a filter is an object of conditions such as {"ticket.status": "open"}, got a string ("ticket")'],
    [[], 'filter: a filter is an object of conditions such as {"ticket.status": "open"}, got an array'],
    [{ 'ticket.priority': { $eqq: 'high' } }, 'filter["ticket.priority"].$eqq: unknown operator "$eqq". Did you mean "$eq"?'],
    [{ 'ticket.priority': { $eq: 'high', $ne: 'low' } }, 'filter["ticket.priority"].$ne: unknown operator "$ne". Did you mean "$neq"?'],
    [{ $orr: [] }, 'filter.$orr: unknown operator "$orr". Did you mean "$or"?'],
    [{ $where: 'x' }, 'filter.$where: unknown operator "$where". Operators are $eq $neq $gt $gte $lt $lte $in $nin $exists $regex $and $or $not.'],
    [{ 'ticket.priority': { $in: 'high' } }, 'filter["ticket.priority"].$in: $in needs an array of values, e.g. {"$in": ["high", "urgent"]}, got a string ("high")'],
    [{ 'ticket.priority': { $nin: null } }, 'filter["ticket.priority"].$nin: $nin needs an array of values'],
    [{ $or: [] }, 'filter.$or: $or needs a non-empty array of filters'],
    [{ $and: {} }, 'filter.$and: $and needs a non-empty array of filters'],
    [{ $or: [{ a: 1 }, 'b'] }, 'filter.$or[1]: each item of $or must be an object of conditions, got a string ("b")'],
    [{ $or: [{ a: 1 }, { 'x.y': { $in: 3 } }] }, 'filter.$or[1]["x.y"].$in: $in needs an array'],
    [{ $not: 5 }, 'filter.$not: expected an object of conditions'],
    [{ $gt: 5 }, 'filter: "$gt" tests the value at a path; put it under one'],
    [{ 'ticket.score': { $gt: true } }, 'filter["ticket.score"].$gt: $gt needs a number or a string (ISO-8601 dates compare as strings), got a boolean (true)'],
    [{ 'ticket.score': { $lte: [1] } }, '$lte needs a number or a string'],
    [{ a: { $exists: 'yes' } }, 'filter.a.$exists: $exists needs true or false, got a string ("yes")'],
    [{ a: { $regex: 5 } }, 'filter.a.$regex: $regex needs a string, got a number (5)'],
    [{ a: { $regex: '(unclosed' } }, 'filter.a.$regex: $regex "(unclosed" does not compile: missing closing ): `(unclosed` (RE2 syntax'],
    [{ a: { $regex: '(?=a)b' } }, 'filter.a.$regex: $regex "(?=a)b" does not compile: invalid or unsupported Perl syntax: `(?=`'],
    [{ a: { $regex: '(a)\\1' } }, 'does not compile: invalid escape sequence: `\\1`'],
    [{ a: { $regex: 'x'.repeat(257) } }, 'filter.a.$regex: $regex is 257 characters long, the limit is 256'],
    [{ a: { $regex: 'x', $options: 'g' } }, 'filter.a.$options: $options must be a string of distinct flags among "i", "m", "s", "u", got a string ("g")'],
    [{ a: { $regex: 'x', $options: 'ii' } }, '$options must be a string of distinct flags'],
    [{ a: { $eq: 1, $options: 'i' } }, 'filter.a.$options: $options only goes beside $regex'],
    [{ $options: 'i' }, 'filter.$options: $options only goes beside $regex'],
    [{ a: { $options: 'i' } }, 'filter.a.$options: $options only goes beside $regex'],
    [{ a: { $eq: 1, b: 2 } }, 'filter.a.b: "b" is a field name mixed with operators; write it as its own condition, e.g. {"a.b": …}'],
    [{ a: { $eq: 1, $or: [] } }, 'filter.a.$or: $or cannot stand beside value operators'],
    [{ a: {} }, 'filter.a: an empty object is not a condition'],
    [{ 'a..b': 1 }, 'filter["a..b"]: the path "a..b" has an empty segment'],
    [{ '.a': 1 }, 'the path ".a" has an empty segment'],
    [{ 'a.$eq': 1 }, 'filter["a.$eq"]: the path "a.$eq" has the segment "$eq"; operators go in the value, not in the path'],
    [{ ['p'.repeat(201)]: 1 }, 'the path is longer than 200 characters'],
    [{ a: Number.NaN }, 'filter.a: NaN is not a JSON number'],
    [{ a: new Date(0) }, 'filter.a: an object is not a JSON value'],
    [{ a: undefined }, 'filter.a: undefined is not a JSON value'],
  ])('rejects %j at the exact location', (filter, message) => {
    const error = catchConduitError(() => validateFilter(filter));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`Invalid filter at ${message.startsWith('filter') ? message : ''}`);
    expect(error.message).toContain(message);
    expect(error.details).toMatchObject({ field: 'filter', path: expect.stringMatching(/^filter/) });
    expect(() => compileFilter(filter)).toThrow(ConduitError);
  });

  it('matches patterns that backtracking engines take exponential time on, in linear time', () => {
    // (a+)+$, (a|a)*$ and ^(\w+\s?)*$ hang a backtracking engine on "aaaa…!"; RE2 answers at once.
    const hostile = 'a'.repeat(20_000) + '!';
    for (const source of ['(a+)+$', 'a(?:a|a)*$', '^(\\w+\\s?)*$']) {
      expect(compileFilter({ s: { $regex: source } })({ s: hostile })).toBe(false);
      expect(compileFilter({ s: { $regex: source } })({ s: 'aaa' })).toBe(true);
    }
  });

  it('accepts regexes without nested repetition', () => {
    expect(() => validateFilter({ a: { $regex: '^[\\w.+-]+@acme\\.com$', $options: 'iu' } })).not.toThrow();
    expect(() => validateFilter({ a: { $regex: 'x'.repeat(256) } })).not.toThrow();
  });

  it(`limits nesting to ${FILTER_LIMITS.maxDepth} levels`, () => {
    const nest = (levels: number): unknown => {
      let filter: unknown = { a: 1 };
      for (let i = 1; i < levels; i++) filter = { $not: filter };
      return filter;
    };
    expect(() => validateFilter(nest(10))).not.toThrow();
    expect(compileFilter(nest(10))({ a: 1 })).toBe(false);
    expect(compileFilter(nest(9))({ a: 1 })).toBe(true);
    const error = catchConduitError(() => validateFilter(nest(11)));
    expect(error.message).toMatch(/^Invalid filter at filter(\.\$not){10}: the filter is nested deeper than 10 levels/);
  });

  it(`limits a filter to ${FILTER_LIMITS.maxNodes} nodes`, () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(() => validateFilter({ a: { $in: values(198) } })).not.toThrow();
    const error = catchConduitError(() => validateFilter({ a: { $in: values(199) } }));
    expect(error.message).toBe(
      'Invalid filter at filter.a.$in[198]: the filter has more than 200 nodes (keys and array items); simplify it or split the subscription',
    );
  });
});

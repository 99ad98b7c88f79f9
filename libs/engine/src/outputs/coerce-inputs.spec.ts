import { catchConduitError } from '@conduit/shared';
import { coerceInputs } from './coerce-inputs';
import { parseIsoDateTime, type TypedField } from './value-types';

const fields: TypedField[] = [
  { name: 'Username', key: 'account_id', type: 'STRING', required: true },
  { name: 'Count', key: 'count', type: 'INTEGER', required: false },
  { name: 'Amount', key: 'amount', type: 'NUMBER', required: false },
  { name: 'Active', key: 'active', type: 'BOOLEAN', required: false },
  { name: 'When', key: 'when', type: 'DATETIME', required: false },
];

describe('coerceInputs', () => {
  it('types values and fills optional inputs that were not given with null', () => {
    expect(coerceInputs(fields, { account_id: 'acc-1', count: 3, amount: 1.5, active: true, when: '2024-05-01T12:00:00Z' })).toEqual({
      account_id: 'acc-1',
      count: 3,
      amount: 1.5,
      active: true,
      when: '2024-05-01T12:00:00.000Z',
    });
    expect(coerceInputs(fields, { account_id: 'acc-1' })).toEqual({ account_id: 'acc-1', count: null, amount: null, active: null, when: null });
  });

  it('accepts numbers and booleans as text (as templates render them)', () => {
    expect(coerceInputs(fields, { account_id: 42, count: ' 42 ', amount: '-1.5e2', active: 'FALSE', when: '2024-05-01' })).toEqual({
      account_id: '42',
      count: 42,
      amount: -150,
      active: false,
      when: '2024-05-01T00:00:00.000Z',
    });
    expect(coerceInputs(fields, { account_id: true, count: '7.0' })).toMatchObject({ account_id: 'true', count: 7 });
  });

  it('treats blank text as not given for non-text inputs, but keeps an empty string', () => {
    expect(coerceInputs(fields, { account_id: '', count: '', active: ' ' })).toMatchObject({ account_id: '', count: null, active: null });
  });

  it('normalises date-times to UTC ISO-8601', () => {
    expect(coerceInputs(fields, { account_id: 'a', when: '2024-05-01T12:00:00-05:00' }).when).toBe('2024-05-01T17:00:00.000Z');
    expect(coerceInputs(fields, { account_id: 'a', when: '2024-05-01 08:30' }).when).toBe('2024-05-01T08:30:00.000Z');
    expect(coerceInputs(fields, { account_id: 'a', when: new Date('2024-01-02T03:04:05.678Z') }).when).toBe('2024-01-02T03:04:05.678Z');
  });

  it('refuses wrong types, naming the input and what it expects', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ account_id: 'a', count: 1.5 }, 'count', 'Input "count" (Count) must be a whole number (e.g. 42 or "42"), got 1.5.'],
      [{ account_id: 'a', count: '12abc' }, 'count', 'must be a whole number'],
      [{ account_id: 'a', count: 2 ** 60 }, 'count', 'must be a whole number'],
      [{ account_id: 'a', amount: 'NaN' }, 'amount', 'must be a number'],
      [{ account_id: 'a', amount: '0x10' }, 'amount', 'must be a number'],
      [{ account_id: 'a', amount: Number.POSITIVE_INFINITY }, 'amount', 'must be a number'],
      [{ account_id: 'a', active: 'yes' }, 'active', 'must be true or false, got "yes"'],
      [{ account_id: 'a', active: 1 }, 'active', 'must be true or false'],
      [{ account_id: 'a', when: '2024-02-30T00:00:00Z' }, 'when', 'must be an ISO-8601 date-time'],
      [{ account_id: 'a', when: 1714564800000 }, 'when', 'must be an ISO-8601 date-time'],
      [{ account_id: { id: 1 } }, 'account_id', 'must be text, got an object'],
      [{ account_id: ['a'] }, 'account_id', 'must be text, got a list'],
    ];
    for (const [values, field, message] of cases) {
      const error = catchConduitError(() => coerceInputs(fields, values));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.details).toEqual({ errorCode: 'INVALID_INPUT', field });
      expect(error.message).toContain(message);
    }
  });

  it('refuses a missing required input, naming it', () => {
    for (const values of [{}, { account_id: null }, undefined, null]) {
      const error = catchConduitError(() => coerceInputs(fields, values));
      expect(error.message).toBe('Input "account_id" (Username) is required.');
      expect(error.details).toEqual({ errorCode: 'INVALID_INPUT', field: 'account_id' });
    }
  });

  it('refuses unknown keys, listing the declared ones', () => {
    const error = catchConduitError(() => coerceInputs(fields, { account_id: 'a', acount_id: 1 }));
    expect(error.message).toBe('Unknown input "acount_id"; declared inputs: account_id, count, amount, active, when. Did you mean "account_id"?');
    expect(error.details).toEqual({ errorCode: 'INVALID_INPUT', field: 'acount_id' });
    expect(catchConduitError(() => coerceInputs([], { x: 1 })).message).toBe('Unknown input "x"; this action declares no inputs.');
    expect(catchConduitError(() => coerceInputs(fields, JSON.parse('{"account_id":"a","__proto__":{"x":1}}'))).details?.field).toBe('__proto__');
  });

  it('refuses values that are not an object', () => {
    for (const values of ['acc-1', [1], 3]) {
      const error = catchConduitError(() => coerceInputs(fields, values));
      expect(error.details).toEqual({ errorCode: 'INVALID_INPUT' });
      expect(error.message).toMatch(/^Inputs must be an object/);
    }
  });
});

describe('parseIsoDateTime', () => {
  it('reads ISO-8601 dates and date-times with offsets and fractions', () => {
    expect(parseIsoDateTime('2024-05-01T12:00:00.123456Z')?.toISOString()).toBe('2024-05-01T12:00:00.123Z');
    expect(parseIsoDateTime('2024-05-01T12:00:00+0530')?.toISOString()).toBe('2024-05-01T06:30:00.000Z');
    expect(parseIsoDateTime('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoDateTime('0099-01-01')?.toISOString()).toBe('0099-01-01T00:00:00.000Z');
  });

  it('refuses impossible or non-ISO dates', () => {
    for (const text of ['2023-02-29', '2024-13-01', '2024-05-01T24:00:00Z', '2024-05-01T12:60Z', '05/01/2024', 'May 1, 2024', '2024-05-01T12:00:00+25:00', '20240501', '']) {
      expect(parseIsoDateTime(text)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from '@jest/globals';
import { validateFilter } from '@conduit/shared/filters/filter';
import { FILTER_JSON, filterProblem } from './filter-check';
import { parseJsonText } from './json-text';

describe('FILTER_JSON', () => {
  it('accepts an object or nothing', () => {
    expect(parseJsonText('', FILTER_JSON)).toEqual({ ok: true, value: null });
    expect(parseJsonText('{"a": 1}', FILTER_JSON)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('explains broken JSON and values that are not objects', () => {
    expect(parseJsonText('{"a": ', FILTER_JSON)).toEqual({ ok: false, error: expect.stringMatching(/^The filter is not valid JSON/) });
    expect(parseJsonText('[1]', FILTER_JSON)).toEqual({ ok: false, error: expect.stringContaining('JSON object') });
  });
});

describe('filterProblem', () => {
  it('says what the API would say, with the place of the mistake', () => {
    expect(filterProblem('{"ticket.priority": {"$inn": ["high"]}}', validateFilter)).toBe(
      'Invalid filter at filter["ticket.priority"].$inn: unknown operator "$inn". Did you mean "$in"?',
    );
    expect(filterProblem('{"ticket.customer.email": {"$regex": "(a"}}', validateFilter)).toMatch(/\$regex "\(a" does not compile/);
  });

  it('accepts valid filters, and leaves blank or unfinished JSON to the form', () => {
    expect(filterProblem('{"ticket.priority": {"$in": ["high", "urgent"]}}', validateFilter)).toBeNull();
    expect(filterProblem('', validateFilter)).toBeNull();
    expect(filterProblem('{"ticket.priority": {"$in', validateFilter)).toBeNull();
  });
});

import { describe, expect, it } from '@jest/globals';
import { insertAt, insertionText, insideJsonString } from './template-insert';

describe('insertAt', () => {
  it('inserts at the cursor and puts the cursor after the insertion', () => {
    expect(insertAt('{"phone": ""}', 'X', { start: 11, end: 11 })).toEqual({ value: '{"phone": "X"}', caret: 12 });
  });

  it('replaces a selection', () => {
    expect(insertAt('https://api/OLD/x', 'NEW', { start: 12, end: 15 })).toEqual({ value: 'https://api/NEW/x', caret: 15 });
  });

  it('appends when the field has no cursor, and clamps a stale one', () => {
    expect(insertAt('abc', 'X', null)).toEqual({ value: 'abcX', caret: 4 });
    expect(insertAt('abc', 'X', { start: 10, end: 12 })).toEqual({ value: 'abcX', caret: 4 });
  });

  it('inserts at the caret or replaces the selection', () => {
    expect(insertAt('Hello !', '{{ name }}', { start: 6, end: 6 })).toEqual({ value: 'Hello {{ name }}!', caret: 16 });
    expect(insertAt('Hello XX', '{{ name }}', { start: 6, end: 8 })).toEqual({ value: 'Hello {{ name }}', caret: 16 });
    expect(insertAt('abc', '{{ x }}', null)).toEqual({ value: 'abc{{ x }}', caret: 10 });
    expect(insertAt('abc', '{{ x }}', { start: 99, end: 99 }).value).toBe('abc{{ x }}');
  });
});

describe('insideJsonString', () => {
  it('tells a position between quotes from one outside, escaped quotes included', () => {
    const text = '{"a": "x\\"y", "b": 1}';
    expect(insideJsonString(text, 2)).toBe(true);
    expect(insideJsonString(text, 5)).toBe(false);
    expect(insideJsonString(text, 10)).toBe(true);
    expect(insideJsonString(text, 13)).toBe(false);
  });
});

describe('insertionText', () => {
  it('quotes a template placed outside a JSON string, so the body stays JSON', () => {
    expect(insertionText('{{ input.otp }}', true, '{"otp": }', { start: 8, end: 8 })).toBe('"{{ input.otp }}"');
    expect(insertionText('{{ input.otp }}', true, '{"otp": ""}', { start: 9, end: 9 })).toBe('{{ input.otp }}');
  });

  it('leaves other fields alone', () => {
    expect(insertionText('{{ input.otp }}', false, 'x', null)).toBe('{{ input.otp }}');
  });
});

import { deepFreeze, isPlainObject } from './json';

describe('isPlainObject', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [Object.create(null), true],
    [JSON.parse('{"a": [1]}'), true],
    [[], false],
    [null, false],
    [undefined, false],
    ['x', false],
    [new Date(0), false],
    [new Map(), false],
  ])('%p → %s', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays and returns the same value', () => {
    const value = { a: { b: [1, { c: 2 }] } };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b[1])).toBe(true);
    expect(deepFreeze('text')).toBe('text');
  });
});

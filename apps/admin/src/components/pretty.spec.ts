import { describe, expect, it } from '@jest/globals';
import { formatDuration, prettyBody } from './pretty';

describe('prettyBody', () => {
  it('indents a JSON body', () => {
    expect(prettyBody('{"a":1,"b":[true]}')).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
  });
  it('leaves text and broken JSON as they are', () => {
    expect(prettyBody('OK')).toBe('OK');
    expect(prettyBody('{"a":')).toBe('{"a":');
  });
});

describe('formatDuration', () => {
  it('uses ms below a second and seconds above', () => {
    expect(formatDuration(340)).toBe('340 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(12_345)).toBe('12 s');
  });
});

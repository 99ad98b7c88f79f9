import { describe, expect, it } from '@jest/globals';
import { jsonTextError, parseJsonText, toJsonText } from './json-text';

describe('parseJsonText', () => {
  it('parses JSON and keeps its value', () => {
    expect(parseJsonText('{"a": [1, 2]}', { label: 'The payload' })).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonText('[1]', { label: 'The example' })).toEqual({ ok: true, value: [1] });
  });

  it('says what is wrong in the words of the field', () => {
    const broken = parseJsonText('{"a": ', { label: 'The payload' });
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^The payload is not valid JSON: /);
    expect(jsonTextError('[1]', { label: 'The filter', object: true })).toBe('The filter must be a JSON object ({ … }).');
    expect(jsonTextError('  ', { label: 'The payload' })).toMatch(/required/);
  });

  it('treats blank text as none when the field is optional', () => {
    expect(parseJsonText(' ', { label: 'The filter', optional: true, object: true })).toEqual({ ok: true, value: null });
    expect(jsonTextError('', { label: 'The filter', optional: true })).toBeNull();
  });
});

describe('toJsonText', () => {
  it('indents values and leaves none blank', () => {
    expect(toJsonText({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(toJsonText(null)).toBe('');
    expect(toJsonText(undefined)).toBe('');
  });
});

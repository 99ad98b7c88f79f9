import { ConduitError } from '@conduit/shared';
import { extractOutputs, parseResponseJson } from './extract-outputs';
import { formatOutputPath, parseOutputPath, readOutputPath } from './output-path';
import type { TypedField } from './value-types';

const response = {
  data: { validation_id: 'VAL-1', attempts: 2, score: 0.75, verified: true, created_at: '2024-05-01T12:00:00Z', note: null, count_text: '3' },
  items: [{ id: 'it-1' }, { id: 'it-2' }],
  order: { name: '#1002' },
  'weird.key': 'literal',
};

const output = (key: string, type: TypedField['type'], required = true): TypedField => ({ name: key, key, type, required });

describe('parseOutputPath', () => {
  it('reads dotted keys, indexes and quoted keys', () => {
    expect(parseOutputPath('data.validation_id')).toEqual(['data', 'validation_id']);
    expect(parseOutputPath('items[0].id')).toEqual(['items', 0, 'id']);
    expect(parseOutputPath('[1][0]')).toEqual([1, 0]);
    expect(parseOutputPath('data["a.b"].c')).toEqual(['data', 'a.b', 'c']);
    expect(parseOutputPath("data['it\\'s']")).toEqual(['data', "it's"]);
    expect(parseOutputPath('$.data.id')).toEqual(['data', 'id']);
    expect(parseOutputPath('$ref.x')).toEqual(['$ref', 'x']);
  });

  it('refuses malformed paths with a reason', () => {
    for (const [path, reason] of [
      ['', 'empty'],
      ['a..b', 'empty key'],
      ['.a', 'starts with'],
      ['a.', 'ends with'],
      ['items[0', 'unclosed'],
      ['items[x]', 'neither an index'],
      ['items[0]x', 'unexpected'],
    ]) {
      let error: unknown;
      try {
        parseOutputPath(path);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConduitError);
      expect((error as ConduitError).details).toEqual({ errorCode: 'INVALID_OUTPUT_PATH', field: path });
      expect((error as ConduitError).message).toContain(reason);
    }
  });

  it('formats paths that read back to the same segments', () => {
    for (const segments of [['data', 'id'], ['items', 0, 'id'], ['a.b', 'c d', '', "q'\"", '123', '$x'], [0, 'x']]) {
      expect(parseOutputPath(formatOutputPath(segments))).toEqual(segments);
    }
  });

  it('reads own properties only, and a dotted key of the root object', () => {
    expect(readOutputPath(response, 'weird.key')).toBe('literal');
    expect(readOutputPath(response, 'items.1.id')).toBe('it-2');
    expect(readOutputPath(response, 'data.constructor')).toBeUndefined();
    expect(readOutputPath(response, 'items.length')).toBeUndefined();
    expect(readOutputPath(response, 'items[5].id')).toBeUndefined();
  });
});

describe('extractOutputs', () => {
  it('returns the declared outputs, typed, flat and keyed by path', () => {
    const result = extractOutputs(response, [
      output('data.validation_id', 'STRING'),
      output('data.attempts', 'INTEGER'),
      output('data.score', 'NUMBER'),
      output('data.attempts', 'NUMBER'),
      output('data.verified', 'BOOLEAN'),
      output('data.created_at', 'DATETIME'),
      output('items[0].id', 'STRING'),
      output('order.name', 'STRING'),
    ]);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      outputs: {
        'data.validation_id': 'VAL-1',
        'data.attempts': 2,
        'data.score': 0.75,
        'data.verified': true,
        'data.created_at': '2024-05-01T12:00:00Z',
        'items[0].id': 'it-1',
        'order.name': '#1002',
      },
    });
  });

  it('never returns anything that was not declared', () => {
    const result = extractOutputs(response, [output('order.name', 'STRING')]);
    expect(result.outputs).toEqual({ 'order.name': '#1002' });
  });

  it('gives null for missing optional outputs', () => {
    const result = extractOutputs(response, [output('data.missing', 'STRING', false), output('data.note', 'INTEGER', false)]);
    expect(result).toEqual({ ok: true, outputs: { 'data.missing': null, 'data.note': null }, warnings: [] });
  });

  it('fails with MISSING_OUTPUT for a required output that is absent or null', () => {
    const absent = extractOutputs(response, [
      { name: 'Validation', key: 'data.validation_id', type: 'STRING', required: true },
      { name: 'Code', key: 'data.code', type: 'STRING', required: true },
    ]);
    expect(absent).toEqual({
      ok: false,
      errorCode: 'MISSING_OUTPUT',
      error: 'Required output "Code" (data.code) is not in the response.',
      outputs: { 'data.validation_id': 'VAL-1', 'data.code': null },
      warnings: [],
    });
    const nullValue = extractOutputs(response, [output('data.note', 'STRING')]);
    expect(nullValue).toMatchObject({ ok: false, errorCode: 'MISSING_OUTPUT', error: 'Required output "data.note" is null in the response.' });
  });

  it('fails with WRONG_TYPE naming the path, the expected and the actual type', () => {
    const cases: [TypedField, string][] = [
      [output('data.count_text', 'NUMBER'), 'Output "data.count_text" is a string, expected NUMBER (a JSON number).'],
      [output('data.score', 'INTEGER'), 'Output "data.score" is a number with a fraction (0.75), expected INTEGER (a whole JSON number).'],
      [output('data.attempts', 'STRING'), 'Output "data.attempts" is an integer, expected STRING (a JSON string).'],
      [output('data.verified', 'STRING'), 'is a boolean, expected STRING'],
      [output('data.validation_id', 'DATETIME'), 'is a string, expected DATETIME'],
      [output('order', 'STRING'), 'is an object, expected STRING'],
      [output('items', 'STRING'), 'is a list, expected STRING'],
      [output('data.validation_id', 'BOOLEAN'), 'expected BOOLEAN'],
    ];
    for (const [field, message] of cases) {
      const result = extractOutputs(response, [field]);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.errorCode).toBe('WRONG_TYPE');
      expect(result.error).toContain(message);
      expect(result.outputs[field.key]).toBeNull();
    }
  });

  it('gives null with a warning for an optional output of the wrong type', () => {
    const result = extractOutputs(response, [output('data.count_text', 'INTEGER', false)]);
    expect(result.ok).toBe(true);
    expect(result.outputs).toEqual({ 'data.count_text': null });
    expect(result.warnings).toEqual(['Output "data.count_text" is a string, expected INTEGER (a whole JSON number). It is optional, so it is null.']);
  });

  it('reports the first failure in declaration order', () => {
    const result = extractOutputs(response, [output('data.score', 'INTEGER'), output('data.nope', 'STRING')]);
    expect(result).toMatchObject({ ok: false, errorCode: 'WRONG_TYPE' });
  });

  it('fails with INVALID_RESPONSE when the body is not JSON and outputs are required', () => {
    expect(extractOutputs(undefined, [output('a', 'STRING'), output('b', 'STRING')])).toEqual({
      ok: false,
      errorCode: 'INVALID_RESPONSE',
      error: 'The response body is not JSON, so the required outputs "a", "b" cannot be read.',
      outputs: { a: null, b: null },
      warnings: [],
    });
    expect(extractOutputs(undefined, [output('a', 'STRING', false)])).toEqual({ ok: true, outputs: { a: null }, warnings: [] });
    expect(extractOutputs(undefined, [])).toEqual({ ok: true, outputs: {}, warnings: [] });
  });

  it('reads root arrays and scalars inside arrays', () => {
    expect(extractOutputs([{ id: 7 }], [output('[0].id', 'INTEGER')]).outputs).toEqual({ '[0].id': 7 });
  });
});

describe('parseResponseJson', () => {
  it('parses JSON bodies and gives undefined for anything else', () => {
    expect(parseResponseJson('{"a":1}')).toEqual({ a: 1 });
    expect(parseResponseJson('null')).toBeNull();
    expect(parseResponseJson('<html>')).toBeUndefined();
    expect(parseResponseJson('{"a":')).toBeUndefined();
    expect(parseResponseJson('  ')).toBeUndefined();
    expect(parseResponseJson(undefined)).toBeUndefined();
  });
});

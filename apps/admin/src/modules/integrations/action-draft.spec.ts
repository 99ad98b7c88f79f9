import { describe, expect, it } from '@jest/globals';
import { mergeOutputs, nameFromKey, newFieldRow, testInputs, toActionDraft, toActionInput } from './action-draft';

describe('action drafts', () => {
  it('sends no retry policy when both fields are left empty (the API default applies)', () => {
    const draft = toActionDraft(null);
    draft.name = 'Create validation';
    expect(toActionInput(draft)).toMatchObject({ name: 'Create validation', description: null, retryPolicy: null, request: { method: 'POST' } });
  });

  it('sends the typed schedule and timeout', () => {
    const draft = toActionDraft(null);
    draft.retry = { schedule: '1, 5,30', timeoutMs: 8000 };
    expect(toActionInput(draft).retryPolicy).toEqual({ schedule: [1, 5, 30], timeoutMs: 8000 });
  });

  it('round-trips a stored action', () => {
    const action = {
      id: 'a1',
      name: 'Validate OTP',
      description: 'Checks the code',
      inputs: [{ name: 'OTP', key: 'otp', type: 'STRING' as const, required: true }],
      request: { method: 'POST' as const, url: 'https://x/v1', query: [], headers: [], bodyType: 'NONE' as const, body: null, form: [] },
      outputs: [{ name: 'Status', key: 'status', type: 'STRING' as const, required: false }],
      retryPolicy: { schedule: [1, 2], timeoutMs: 5000 },
      updatedAt: '2025-01-01T00:00:00Z',
    };
    const input = toActionInput(toActionDraft(action));
    expect(input).toMatchObject({ name: 'Validate OTP', description: 'Checks the code', inputs: action.inputs, outputs: action.outputs, retryPolicy: { schedule: [1, 2], timeoutMs: 5000 } });
  });
});

describe('nameFromKey', () => {
  it('makes a readable output name from a response path', () => {
    expect(nameFromKey('validation_id')).toBe('Validation id');
    expect(nameFromKey('data.items[0].id')).toBe('Data items 0 id');
  });
});

describe('mergeOutputs', () => {
  it('appends new keys and replaces an output with the same key in place', () => {
    const existing = [newFieldRow({ key: 'status', name: 'Old' }), newFieldRow({ key: 'id' })];
    const merged = mergeOutputs(existing, [newFieldRow({ key: 'status', name: 'New' }), newFieldRow({ key: 'validation_id' })]);
    expect(merged.map((row) => [row.key, row.name])).toEqual([
      ['status', 'New'],
      ['id', ''],
      ['validation_id', ''],
    ]);
    expect(merged[0].uid).toBe(existing[0].uid);
  });
});

describe('testInputs', () => {
  it('leaves out empty values and keeps typed ones', () => {
    const fields = [
      { key: 'phone', type: 'STRING' as const },
      { key: 'count', type: 'INTEGER' as const },
      { key: 'vip', type: 'BOOLEAN' as const },
      { key: 'note', type: 'STRING' as const },
    ];
    expect(testInputs(fields, { phone: '+57300', count: 0, vip: false, note: '' })).toEqual({ phone: '+57300', count: 0, vip: false });
  });
});

import { describe, expect, it } from '@jest/globals';
import { toRequestDraft, toRequestInput } from './request-draft';

const stored = {
  method: 'POST' as const,
  url: 'https://api.example.com/v1/validations',
  query: [{ key: 'lang', value: 'es' }],
  headers: [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }],
  bodyType: 'JSON' as const,
  body: '{"phone": "{{ input.phone }}"}',
  form: [],
};

describe('request drafts', () => {
  it('round-trips a stored template', () => {
    expect(toRequestInput(toRequestDraft(stored))).toEqual(stored);
  });

  it('sends only the body its body type uses', () => {
    const draft = { ...toRequestDraft(stored), bodyType: 'FORM' as const };
    draft.form = [{ uid: 'a', key: 'otp', value: '{{ input.otp }}' }];
    expect(toRequestInput(draft)).toMatchObject({ bodyType: 'FORM', body: null, form: [{ key: 'otp', value: '{{ input.otp }}' }] });
    expect(toRequestInput({ ...draft, bodyType: 'NONE' })).toMatchObject({ body: null, form: [] });
  });

  it('starts from an empty GET when nothing is stored', () => {
    expect(toRequestDraft(null)).toMatchObject({ method: 'GET', url: '', headers: [], bodyType: 'NONE' });
  });

  it('gives every row its own uid', () => {
    const draft = toRequestDraft({ ...stored, headers: [stored.headers[0], stored.headers[0]] });
    expect(draft.headers[0].uid).not.toBe(draft.headers[1].uid);
  });
});

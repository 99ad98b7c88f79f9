import { describe, expect, it } from '@jest/globals';
import { toIntegrationInput, type LoadedIntegration } from './integration-input';

const truora: LoadedIntegration = {
  id: 'i1',
  name: 'Truora',
  description: null,
  logoUrl: 'https://truora.com/logo.png',
  authScheme: 'API_KEY',
  authFields: [{ identifier: 'api_key', name: 'API key', type: 'PASSWORD', required: true }],
  testRequest: { method: 'GET', url: 'https://api.truora.com/v1/ping', query: [], headers: [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }], bodyType: 'NONE', body: null, form: [] },
  createdAt: '',
  updatedAt: '',
  credentials: [],
  actions: [],
};

describe('toIntegrationInput', () => {
  it('sends every stored setting with the edited part laid over it', () => {
    const input = toIntegrationInput(truora, { name: 'Truora (prod)' });
    expect(input).toEqual({
      name: 'Truora (prod)',
      description: null,
      logoUrl: 'https://truora.com/logo.png',
      authScheme: 'API_KEY',
      authFields: [{ identifier: 'api_key', name: 'API key', type: 'PASSWORD', required: true }],
      testRequest: { method: 'GET', url: 'https://api.truora.com/v1/ping', query: [], headers: [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }], bodyType: 'NONE', body: null, form: [] },
    });
  });
});

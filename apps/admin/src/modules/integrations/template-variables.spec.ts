import { describe, expect, it } from '@jest/globals';
import { templateVariables } from './template-variables';

describe('templateVariables', () => {
  it('offers input.<key> for each declared input and credential.<identifier> for each auth field', () => {
    const variables = templateVariables(
      [
        { key: 'phone', name: 'Phone', type: 'STRING' },
        { key: '', name: 'Not named yet', type: 'STRING' },
      ],
      [{ identifier: 'api_key', name: null, type: 'PASSWORD' }],
    );
    expect(variables).toEqual([
      { label: 'Inputs', items: [{ template: '{{ input.phone }}', path: 'input.phone', type: 'string', description: 'Phone (string)' }] },
      { label: 'Credential', items: [{ template: '{{ credential.api_key }}', path: 'credential.api_key', type: 'string', description: 'api_key (secret)' }] },
    ]);
  });
});

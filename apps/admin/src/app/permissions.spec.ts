import { describe, expect, it } from '@jest/globals';
import { permissionsOf } from './permissions';

describe('permissionsOf', () => {
  it.each([
    ['OWNER', true, true],
    ['ADMIN', true, true],
    ['DEVELOPER', true, false],
    ['VIEWER', false, false],
  ] as const)('%s: edit %s, manage %s', (role, edit, manage) => {
    expect(permissionsOf(role)).toEqual({ edit, manage });
  });
});

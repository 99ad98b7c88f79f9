import { describe, expect, it } from '@jest/globals';
import { passwordChangeRules } from './password-rules';

const values = { currentPassword: 'old password', newPassword: 'new password 1', repeatPassword: 'new password 1' };

describe('passwordChangeRules', () => {
  it('accepts a new password of 8 characters or more, typed twice', () => {
    expect(passwordChangeRules.currentPassword(values.currentPassword)).toBeNull();
    expect(passwordChangeRules.newPassword(values.newPassword, values)).toBeNull();
    expect(passwordChangeRules.repeatPassword(values.repeatPassword, values)).toBeNull();
  });

  it('says what is wrong with each field', () => {
    expect(passwordChangeRules.currentPassword('')).toBe('Enter your current password.');
    expect(passwordChangeRules.newPassword('short', values)).toBe('Use at least 8 characters.');
    expect(passwordChangeRules.newPassword('old password', values)).toBe('Choose a password different from the current one.');
    expect(passwordChangeRules.repeatPassword('new password 2', values)).toBe('The two new passwords differ.');
  });
});

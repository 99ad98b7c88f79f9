/** The API's minimum (changePassword answers BAD_USER_INPUT on newPassword below it). */
export const MIN_PASSWORD_LENGTH = 8;

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  repeatPassword: string;
}

/** What can be checked before asking the API, per field; null when the field is fine. */
export const passwordChangeRules = {
  currentPassword: (value: string) => (value ? null : 'Enter your current password.'),
  newPassword: (value: string, values: PasswordChange) => {
    if (value.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (value === values.currentPassword) return 'Choose a password different from the current one.';
    return null;
  },
  repeatPassword: (value: string, values: PasswordChange) => (value === values.newPassword ? null : 'The two new passwords differ.'),
};

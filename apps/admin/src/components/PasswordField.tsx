import { PasswordInput, type PasswordInputProps } from '@mantine/core';

/**
 * Mantine's PasswordInput with its error announced: Mantine links the error to the input
 * (aria-describedby) but leaves out aria-invalid, which TextInput sets. Use it for every password.
 */
export function PasswordField(props: PasswordInputProps) {
  return <PasswordInput {...props} aria-invalid={props.error ? true : undefined} />;
}

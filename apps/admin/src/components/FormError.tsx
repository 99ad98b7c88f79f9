import { Alert } from '@mantine/core';

/** The part of an API error that belongs to no single field, shown at the bottom of a form. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" p="xs">
      {message}
    </Alert>
  );
}

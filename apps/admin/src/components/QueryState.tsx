import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

interface QueryStateProps<T> {
  loading: boolean;
  error?: unknown;
  data: T | undefined;
  onRetry?: () => void;
  /** Rendered once data is there (also while a refetch is running, so the page doesn't flash). */
  children: (data: T) => ReactNode;
}

/** Loading, error and loaded states of a query in one place. */
export function QueryState<T>({ loading, error, data, onRetry, children }: QueryStateProps<T>) {
  if (data !== undefined) return <>{children(data)}</>;
  if (error) return <ErrorAlert error={error} title="Could not load this page" onRetry={onRetry} />;
  if (loading) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return null;
}

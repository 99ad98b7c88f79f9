import { useQuery } from '@apollo/client/react';
import { INTEGRATION } from '../graphql/integrations.operations';

/** One integration with its auth fields, test request, credentials and actions. */
export function useIntegration(id: string) {
  return useQuery(INTEGRATION, { variables: { id }, fetchPolicy: 'cache-and-network' });
}

import { useMutation } from '@apollo/client/react';
import type { IntegrationInput } from '../../../generated/graphql';
import { CREATE_INTEGRATION, INTEGRATIONS, UPDATE_INTEGRATION } from '../graphql/integrations.operations';
import { toIntegrationInput, type LoadedIntegration } from '../integration-input';

/**
 * Saves one part of an integration: creates it when there is none yet, else sends the stored
 * settings with `changes` over them (updateIntegration replaces the whole input). Resolves with
 * the integration's id; throws the API error for the form to show.
 */
export function useSaveIntegration() {
  const [create, created] = useMutation(CREATE_INTEGRATION, { refetchQueries: [INTEGRATIONS] });
  const [update, updated] = useMutation(UPDATE_INTEGRATION);

  async function save(integration: LoadedIntegration | null, changes: Partial<IntegrationInput>): Promise<string> {
    if (!integration) {
      const input: IntegrationInput = { name: '', authScheme: 'NONE', authFields: [], ...changes };
      const { data } = await create({ variables: { input } });
      if (!data) throw new Error('The API returned no integration.');
      return data.createIntegration.id;
    }
    const { data } = await update({ variables: { id: integration.id, input: toIntegrationInput(integration, changes) } });
    if (!data) throw new Error('The API returned no integration.');
    return data.updateIntegration.id;
  }

  return { save, saving: created.loading || updated.loading };
}

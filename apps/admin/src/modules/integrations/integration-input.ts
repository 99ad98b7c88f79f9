import type { AuthScheme, IntegrationInput, IntegrationQuery } from '../../generated/graphql';
import { toRequestInput, toRequestDraft } from './request-draft';

export type LoadedIntegration = NonNullable<IntegrationQuery['integration']>;

/**
 * updateIntegration replaces every setting, so a step that edits one part sends the others as
 * stored: this is the stored integration as an input, with the edited part laid over it.
 */
export function toIntegrationInput(integration: LoadedIntegration, changes: Partial<IntegrationInput> = {}): IntegrationInput {
  return {
    name: integration.name,
    description: integration.description,
    logoUrl: integration.logoUrl,
    authScheme: integration.authScheme,
    authFields: integration.authFields.map(({ identifier, name, type, required }) => ({ identifier, name, type, required })),
    testRequest: integration.testRequest ? toRequestInput(toRequestDraft(integration.testRequest)) : null,
    ...changes,
  };
}

export const AUTH_SCHEMES: readonly AuthScheme[] = ['NONE', 'API_KEY', 'BASIC', 'BEARER'];

/** What each auth scheme does to a request, in the words the auth step shows. */
export function authSchemeHelp(scheme: AuthScheme): { label: string; help: string } {
  switch (scheme) {
    case 'NONE':
      return { label: 'No authentication', help: 'Requests are sent as they are; the integration has no auth fields.' };
    case 'API_KEY':
      return {
        label: 'API key',
        help: 'Define the fields that hold the key, then place {{ credential.<identifier> }} in a header or query parameter of each request.',
      };
    case 'BASIC':
      return { label: 'Basic auth', help: 'Conduit sends Authorization: Basic base64(username:password) from the auth fields "username" and "password".' };
    case 'BEARER':
      return { label: 'Bearer token', help: 'Conduit sends Authorization: Bearer <token> from the auth field "token" (else the first password field).' };
    default: {
      const unknown: never = scheme;
      return unknown;
    }
  }
}

/** Auth fields a scheme expects by name, suggested when the scheme is picked and no fields exist yet. */
export function suggestedAuthFields(scheme: AuthScheme): Array<{ identifier: string; name: string; type: 'TEXT' | 'PASSWORD'; required: boolean }> {
  switch (scheme) {
    case 'BASIC':
      return [
        { identifier: 'username', name: 'Username', type: 'TEXT', required: true },
        { identifier: 'password', name: 'Password', type: 'PASSWORD', required: true },
      ];
    case 'BEARER':
      return [{ identifier: 'token', name: 'Token', type: 'PASSWORD', required: true }];
    case 'NONE':
    case 'API_KEY':
      return [];
    default: {
      const unknown: never = scheme;
      return unknown;
    }
  }
}

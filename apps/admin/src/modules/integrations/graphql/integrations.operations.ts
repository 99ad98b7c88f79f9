import { graphql } from '../../../generated';

export const REQUEST_TEMPLATE_FIELDS = graphql(`
  fragment RequestTemplateFields on RequestTemplate {
    method
    url
    query {
      key
      value
    }
    headers {
      key
      value
    }
    bodyType
    body
    form {
      key
      value
    }
  }
`);

export const ACTION_FIELDS = graphql(`
  fragment ActionFields on Action {
    id
    name
    description
    inputs {
      name
      key
      type
      required
    }
    request {
      ...RequestTemplateFields
    }
    outputs {
      name
      key
      type
      required
    }
    retryPolicy {
      schedule
      timeoutMs
    }
    updatedAt
  }
`);

export const EXCHANGE_FIELDS = graphql(`
  fragment ExchangeFields on ExchangeLog {
    durationMs
    error
    request {
      ...HttpRequestLogFields
    }
    response {
      ...HttpResponseLogFields
    }
  }
`);

export const INTEGRATIONS = graphql(`
  query Integrations {
    integrations {
      id
      name
      description
      logoUrl
      authScheme
      credentials {
        id
      }
      actions {
        id
      }
    }
  }
`);

/** A credential as the console shows it: PASSWORD values arrive masked. */
export const CREDENTIAL_FIELDS = graphql(`
  fragment CredentialFields on Credential {
    id
    name
    values
    updatedAt
  }
`);

/** An integration's own settings (what its forms save) and its credentials. */
export const INTEGRATION_SETTINGS_FIELDS = graphql(`
  fragment IntegrationSettingsFields on Integration {
    id
    name
    description
    logoUrl
    authScheme
    authFields {
      identifier
      name
      type
      required
    }
    testRequest {
      ...RequestTemplateFields
    }
    updatedAt
    credentials {
      ...CredentialFields
    }
  }
`);

export const INTEGRATION = graphql(`
  query Integration($id: ID!) {
    integration(id: $id) {
      ...IntegrationSettingsFields
      createdAt
      actions {
        ...ActionFields
      }
    }
  }
`);

export const CREATE_INTEGRATION = graphql(`
  mutation CreateIntegration($input: IntegrationInput!) {
    createIntegration(input: $input) {
      id
      name
    }
  }
`);

export const UPDATE_INTEGRATION = graphql(`
  mutation UpdateIntegration($id: ID!, $input: IntegrationInput!) {
    updateIntegration(id: $id, input: $input) {
      ...IntegrationSettingsFields
    }
  }
`);

export const DELETE_INTEGRATION = graphql(`
  mutation DeleteIntegration($id: ID!) {
    deleteIntegration(id: $id)
  }
`);

export const CREATE_CREDENTIAL = graphql(`
  mutation CreateCredential($integrationId: ID!, $input: CredentialInput!) {
    createCredential(integrationId: $integrationId, input: $input) {
      ...CredentialFields
    }
  }
`);

export const UPDATE_CREDENTIAL = graphql(`
  mutation UpdateCredential($id: ID!, $input: CredentialInput!) {
    updateCredential(id: $id, input: $input) {
      ...CredentialFields
    }
  }
`);

export const DELETE_CREDENTIAL = graphql(`
  mutation DeleteCredential($id: ID!) {
    deleteCredential(id: $id)
  }
`);

export const TEST_CREDENTIAL = graphql(`
  mutation TestCredential($id: ID!) {
    testCredential(id: $id) {
      ok
      exchange {
        ...ExchangeFields
      }
    }
  }
`);

export const ACTION = graphql(`
  query Action($id: ID!) {
    action(id: $id) {
      ...ActionFields
    }
  }
`);

export const CREATE_ACTION = graphql(`
  mutation CreateAction($integrationId: ID!, $input: ActionDefinitionInput!) {
    createAction(integrationId: $integrationId, input: $input) {
      id
      name
    }
  }
`);

export const UPDATE_ACTION = graphql(`
  mutation UpdateAction($id: ID!, $input: ActionDefinitionInput!) {
    updateAction(id: $id, input: $input) {
      ...ActionFields
    }
  }
`);

export const DELETE_ACTION = graphql(`
  mutation DeleteAction($id: ID!) {
    deleteAction(id: $id)
  }
`);

export const TEST_ACTION = graphql(`
  mutation TestAction($id: ID!, $inputs: JSON!, $credentialId: ID) {
    testAction(id: $id, inputs: $inputs, credentialId: $credentialId) {
      result {
        ok
        status
        outputs
        errorCode
        error
        durationMs
      }
      exchange {
        ...ExchangeFields
      }
      candidates {
        key
        type
        sample
      }
    }
  }
`);

import { graphql } from '../../../generated';

export const AUTOMATION_FIELDS = graphql(`
  fragment AutomationFields on Automation {
    id
    name
    events
    filter
    inputs {
      key
      value
    }
    storeAs
    subject
    enabled
    health
    consecutiveFailures
    disabledReason
    disabledAt
    createdAt
    updatedAt
    action {
      id
      name
      outputs {
        key
        name
        type
        required
      }
      integration {
        id
        name
      }
    }
    credential {
      id
      name
    }
  }
`);

export const AUTOMATIONS = graphql(`
  query Automations {
    automations {
      ...AutomationFields
    }
  }
`);

export const CREATE_AUTOMATION = graphql(`
  mutation CreateAutomation($input: AutomationInput!) {
    createAutomation(input: $input) {
      ...AutomationFields
    }
  }
`);

export const UPDATE_AUTOMATION = graphql(`
  mutation UpdateAutomation($id: ID!, $input: AutomationInput!) {
    updateAutomation(id: $id, input: $input) {
      ...AutomationFields
    }
  }
`);

export const DELETE_AUTOMATION = graphql(`
  mutation DeleteAutomation($id: ID!) {
    deleteAutomation(id: $id)
  }
`);

export const ENABLE_AUTOMATION = graphql(`
  mutation EnableAutomation($id: ID!) {
    enableAutomation(id: $id) {
      ...AutomationFields
    }
  }
`);

export const DISABLE_AUTOMATION = graphql(`
  mutation DisableAutomation($id: ID!) {
    disableAutomation(id: $id) {
      ...AutomationFields
    }
  }
`);

export const CONTEXT_DATA = graphql(`
  query AutomationContextData($subject: String!) {
    contextData(subject: $subject) {
      subject
      name
      data
      updatedAt
    }
  }
`);

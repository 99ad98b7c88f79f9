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

/** What the editor needs besides the automation: the catalogue and the actions it can call. */
export const AUTOMATION_EDITOR_DATA = graphql(`
  query AutomationEditorData {
    eventTypes {
      name
      description
      example
      schema
    }
    integrations {
      id
      name
      credentials {
        id
        name
      }
      actions {
        id
        name
        description
        inputs {
          key
          name
          type
          required
        }
        outputs {
          key
          name
          type
          required
        }
      }
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

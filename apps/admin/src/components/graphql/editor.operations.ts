import { graphql } from '../../generated';

/** What the action picker reads of an integration: its credentials and its actions' inputs and outputs. */
export const PICKER_INTEGRATION = graphql(`
  fragment PickerIntegration on Integration {
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
`);

/** What the automation and flow editors offer: the event catalogue (triggers and their fields) and the actions they can call. */
export const EDITOR_CATALOGUE = graphql(`
  query EditorCatalogue {
    eventTypes {
      name
      description
      example
      schema
    }
    integrations {
      ...PickerIntegration
    }
  }
`);

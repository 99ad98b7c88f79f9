import { graphql } from '../../../generated';

export const FLOW_FIELDS = graphql(`
  fragment FlowFields on Flow {
    id
    name
    events
    steps {
      key
      name
      inputs {
        key
        value
      }
      onFailure
      action {
        id
        name
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
  }
`);

export const FLOW_RUN_FIELDS = graphql(`
  fragment FlowRunFields on FlowRun {
    id
    status
    variables
    startedAt
    finishedAt
    steps {
      key
      status
      outputs
      error
      attempts
    }
  }
`);

export const FLOWS = graphql(`
  query Flows {
    flows {
      ...FlowFields
    }
  }
`);

export const FLOW = graphql(`
  query Flow($id: ID!) {
    flow(id: $id) {
      ...FlowFields
    }
  }
`);

export const CREATE_FLOW = graphql(`
  mutation CreateFlow($input: FlowInput!) {
    createFlow(input: $input) {
      ...FlowFields
    }
  }
`);

export const UPDATE_FLOW = graphql(`
  mutation UpdateFlow($id: ID!, $input: FlowInput!) {
    updateFlow(id: $id, input: $input) {
      ...FlowFields
    }
  }
`);

export const DELETE_FLOW = graphql(`
  mutation DeleteFlow($id: ID!) {
    deleteFlow(id: $id)
  }
`);

export const START_FLOW_RUN = graphql(`
  mutation StartFlowRun($flowId: ID!, $variables: JSON) {
    startFlowRun(flowId: $flowId, variables: $variables) {
      ...FlowRunFields
    }
  }
`);

export const FLOW_RUNS = graphql(`
  query FlowRuns($flowId: ID!, $first: Int) {
    flowRuns(flowId: $flowId, first: $first) {
      ...FlowRunFields
    }
  }
`);

export const FLOW_RUN = graphql(`
  query FlowRun($id: ID!) {
    flowRun(id: $id) {
      ...FlowRunFields
      flow {
        ...FlowFields
      }
    }
  }
`);

export const FLOW_RUN_UPDATED = graphql(`
  subscription FlowRunUpdated($flowRunId: ID) {
    flowRunUpdated(flowRunId: $flowRunId) {
      ...FlowRunFields
    }
  }
`);

export const FLOW_RUNS_UPDATED = graphql(`
  subscription FlowRunsUpdated($flowId: ID) {
    flowRunUpdated(flowId: $flowId) {
      ...FlowRunFields
    }
  }
`);

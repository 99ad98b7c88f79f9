import { graphql } from '../../../generated';

export const LOGIN = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      user {
        id
        email
      }
      workspace {
        id
        name
      }
    }
  }
`);

export const VIEWER = graphql(`
  query Viewer {
    viewer {
      role
      workspace {
        id
        name
      }
      user {
        id
        email
      }
    }
    workspaces {
      id
      name
    }
  }
`);

export const SWITCH_WORKSPACE = graphql(`
  mutation SwitchWorkspace($id: ID!) {
    switchWorkspace(id: $id) {
      token
    }
  }
`);

export const CREATE_WORKSPACE = graphql(`
  mutation CreateWorkspace($name: String!) {
    createWorkspace(name: $name) {
      token
    }
  }
`);

import { gql, type TypedDocumentNode } from '@apollo/client';

// Result types are written by hand until GraphQL codegen lands in src/generated/.

export type Role = 'OWNER' | 'ADMIN' | 'DEVELOPER' | 'VIEWER';

export interface LoginData {
  login: { token: string; user: { id: string; email: string }; workspace: { id: string; name: string } };
}
export interface LoginVariables {
  email: string;
  password: string;
}

export const LOGIN: TypedDocumentNode<LoginData, LoginVariables> = gql`
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
`;

export interface ViewerData {
  viewer: { role: Role; workspace: { id: string; name: string }; user: { id: string; email: string } | null };
}

export const VIEWER: TypedDocumentNode<ViewerData, Record<string, never>> = gql`
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
  }
`;

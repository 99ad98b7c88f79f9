import { graphql } from '../../../generated';

/** The workspace and the caller, with what the frame's viewer query leaves out. */
export const SETTINGS_VIEWER = graphql(`
  query SettingsViewer {
    viewer {
      role
      workspace {
        id
        name
        createdAt
      }
      user {
        id
        email
      }
      apiKey {
        id
        name
      }
    }
  }
`);

export const API_KEY_FIELDS = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    name
    role
    prefix
    createdAt
    lastUsedAt
    revokedAt
  }
`);

export const API_KEYS = graphql(`
  query ApiKeys {
    apiKeys {
      ...ApiKeyFields
    }
  }
`);

export const CREATE_API_KEY = graphql(`
  mutation CreateApiKey($name: String!, $role: Role!) {
    createApiKey(name: $name, role: $role) {
      secret
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const REVOKE_API_KEY = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

export const MEMBER_FIELDS = graphql(`
  fragment MemberFields on Member {
    role
    joinedAt
    passwordExpiresAt
    user {
      id
      email
    }
  }
`);

export const MEMBERS = graphql(`
  query Members {
    members {
      ...MemberFields
    }
  }
`);

export const ADD_MEMBER = graphql(`
  mutation AddMember($input: AddMemberInput!) {
    addMember(input: $input) {
      temporaryPassword
      member {
        ...MemberFields
      }
    }
  }
`);

export const UPDATE_MEMBER_ROLE = graphql(`
  mutation UpdateMemberRole($userId: ID!, $role: Role!) {
    updateMemberRole(userId: $userId, role: $role) {
      ...MemberFields
    }
  }
`);

export const RESET_MEMBER_PASSWORD = graphql(`
  mutation ResetMemberPassword($userId: ID!) {
    resetMemberPassword(userId: $userId) {
      temporaryPassword
      member {
        ...MemberFields
      }
    }
  }
`);

export const REMOVE_MEMBER = graphql(`
  mutation RemoveMember($userId: ID!) {
    removeMember(userId: $userId)
  }
`);

export const CHANGE_PASSWORD = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

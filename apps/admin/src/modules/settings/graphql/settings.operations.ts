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

export const API_KEYS = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      role
      prefix
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

export const CREATE_API_KEY = graphql(`
  mutation CreateApiKey($name: String!, $role: Role!) {
    createApiKey(name: $name, role: $role) {
      secret
      apiKey {
        id
        name
        role
        prefix
        createdAt
        lastUsedAt
        revokedAt
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

export const MEMBERS = graphql(`
  query Members {
    members {
      role
      joinedAt
      user {
        id
        email
      }
    }
  }
`);

export const ADD_MEMBER = graphql(`
  mutation AddMember($input: AddMemberInput!) {
    addMember(input: $input) {
      temporaryPassword
      member {
        role
        joinedAt
        user {
          id
          email
        }
      }
    }
  }
`);

export const UPDATE_MEMBER_ROLE = graphql(`
  mutation UpdateMemberRole($userId: ID!, $role: Role!) {
    updateMemberRole(userId: $userId, role: $role) {
      role
      joinedAt
      user {
        id
        email
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

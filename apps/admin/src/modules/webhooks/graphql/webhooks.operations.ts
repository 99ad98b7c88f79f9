import { graphql } from '../../../generated';

export const WEBHOOK_SETTINGS_FIELDS = graphql(`
  fragment WebhookSettingsFields on Webhook {
    id
    url
    description
    events
    filter
    headers {
      name
      value
    }
    enabled
    health
    consecutiveFailures
    disabledReason
    disabledAt
    secretHint
    rateLimitPerSecond
    retryPolicy {
      schedule
      timeoutMs
    }
    createdAt
    updatedAt
  }
`);

export const WEBHOOKS_PAGE = graphql(`
  query WebhooksPage {
    webhooks {
      ...WebhookSettingsFields
    }
  }
`);

export const WEBHOOK_DETAIL = graphql(`
  query WebhookDetail($id: ID!) {
    webhook(id: $id) {
      ...WebhookSettingsFields
    }
  }
`);

export const WEBHOOK_EVENT_TYPES = graphql(`
  query WebhookEventTypes {
    eventTypes {
      name
      description
      example
    }
  }
`);

export const CREATE_WEBHOOK = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        ...WebhookSettingsFields
      }
    }
  }
`);

export const UPDATE_WEBHOOK = graphql(`
  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      ...WebhookSettingsFields
    }
  }
`);

export const DELETE_WEBHOOK = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const ROTATE_WEBHOOK_SECRET = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      webhook {
        ...WebhookSettingsFields
      }
    }
  }
`);

export const ENABLE_WEBHOOK = graphql(`
  mutation EnableWebhook($id: ID!) {
    enableWebhook(id: $id) {
      ...WebhookSettingsFields
    }
  }
`);

export const DISABLE_WEBHOOK = graphql(`
  mutation DisableWebhook($id: ID!) {
    disableWebhook(id: $id) {
      ...WebhookSettingsFields
    }
  }
`);

export const SEND_TEST_EVENT = graphql(`
  mutation SendWebhookTestEvent($webhookId: ID!, $type: String) {
    sendTestEvent(webhookId: $webhookId, type: $type) {
      id
      status
      attemptCount
      lastError
    }
  }
`);

export const RECOVER_DELIVERIES = graphql(`
  mutation RecoverWebhookDeliveries($webhookId: ID!, $since: DateTime!, $until: DateTime) {
    recoverDeliveries(webhookId: $webhookId, since: $since, until: $until)
  }
`);

export const WEBHOOK_HEALTH_CHANGED = graphql(`
  subscription WebhookHealthChanged($webhookId: ID) {
    healthChanged(webhookId: $webhookId) {
      ...WebhookSettingsFields
    }
  }
`);

export const WEBHOOK_TEST_DELIVERY = graphql(`
  query WebhookTestDelivery($id: ID!) {
    delivery(id: $id) {
      ...DeliveryLogRow
    }
  }
`);

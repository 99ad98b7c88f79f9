import { graphql } from '../../../generated';

/** What a delivery was sent to (see deliveryTarget): also read by the events section. */
export const DELIVERY_TARGET_FIELDS = graphql(`
  fragment DeliveryTargetFields on Delivery {
    webhook {
      id
      url
      description
    }
    automation {
      id
      name
    }
    action {
      id
      name
    }
    integration {
      id
      name
    }
  }
`);

export const DELIVERY_LOG_ROW = graphql(`
  fragment DeliveryLogRow on Delivery {
    id
    status
    attemptCount
    nextAttemptAt
    lastError
    createdAt
    completedAt
    ...DeliveryTargetFields
    event {
      id
      type
    }
  }
`);

/** What an attempt's line says: when, how long, the outcome and what happens next. */
export const DELIVERY_ATTEMPT_FIELDS = graphql(`
  fragment DeliveryAttemptFields on DeliveryAttempt {
    id
    number
    startedAt
    durationMs
    outcome
    error
    willRetry
    nextAttemptAt
  }
`);

export const DELIVERY_LOG_ATTEMPT = graphql(`
  fragment DeliveryLogAttempt on DeliveryAttempt {
    ...DeliveryAttemptFields
    deliveryId
    request {
      method
      url
    }
    response {
      status
    }
    delivery {
      ...DeliveryLogRow
    }
  }
`);

export const DELIVERY_LOG_PAGE = graphql(`
  query DeliveryLogPage($filter: DeliveryFilter, $first: Int, $after: String) {
    deliveries(filter: $filter, first: $first, after: $after) {
      items {
        ...DeliveryLogRow
      }
      nextCursor
    }
  }
`);

export const DELIVERY_LOG_TARGETS = graphql(`
  query DeliveryLogTargets {
    webhooks {
      id
      url
      description
    }
    automations {
      id
      name
    }
  }
`);

export const DELIVERY_DETAIL = graphql(`
  query DeliveryDetail($id: ID!) {
    delivery(id: $id) {
      ...DeliveryLogRow
      event {
        id
        type
        payload
        occurredAt
      }
      attempts {
        ...DeliveryAttemptFields
        request {
          ...HttpRequestLogFields
        }
        response {
          ...HttpResponseLogFields
        }
      }
    }
  }
`);

export const LIVE_DELIVERY_ATTEMPTS = graphql(`
  subscription LiveDeliveryAttempts($filter: DeliveryFilter) {
    deliveryAttempts(filter: $filter) {
      ...DeliveryLogAttempt
    }
  }
`);

export const RETRY_DELIVERY = graphql(`
  mutation RetryDelivery($id: ID!) {
    retryDelivery(id: $id) {
      ...DeliveryLogRow
    }
  }
`);

export const REPLAY_EVENT = graphql(`
  mutation ReplayEvent($eventId: ID!, $webhookId: ID) {
    replayEvent(eventId: $eventId, webhookId: $webhookId) {
      ...DeliveryLogRow
    }
  }
`);

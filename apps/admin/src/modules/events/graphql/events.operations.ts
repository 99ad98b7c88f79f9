import { graphql } from '../../../generated';

export const EVENT_TYPES = graphql(`
  query EventsCatalogue {
    eventTypes {
      name
      description
      example
      schema
    }
  }
`);

export const REGISTER_EVENT_TYPE = graphql(`
  mutation EventsRegisterType($input: EventTypeInput!) {
    registerEventType(input: $input) {
      name
      description
      example
      schema
    }
  }
`);

export const RECENT_EVENTS = graphql(`
  query EventsRecent($type: String, $first: Int, $after: String) {
    events(type: $type, first: $first, after: $after) {
      id
      type
      occurredAt
      idempotencyKey
      deliveries {
        id
        status
      }
    }
  }
`);

export const EVENT_DELIVERY_FIELDS = graphql(`
  fragment EventDeliveryFields on Delivery {
    id
    status
    attemptCount
    lastError
    createdAt
    completedAt
    nextAttemptAt
    ...DeliveryTargetFields
  }
`);

export const EVENT_DETAIL = graphql(`
  query EventsDetail($id: ID!) {
    event(id: $id) {
      id
      type
      payload
      idempotencyKey
      occurredAt
      deliveries {
        ...EventDeliveryFields
      }
    }
  }
`);

export const PUBLISH_EVENT = graphql(`
  mutation EventsPublish($input: PublishEventInput!) {
    publishEvent(input: $input) {
      id
      type
      occurredAt
      deliveries {
        id
        status
      }
    }
  }
`);

export const REPLAY_EVENT = graphql(`
  mutation EventsReplay($eventId: ID!) {
    replayEvent(eventId: $eventId) {
      ...EventDeliveryFields
    }
  }
`);

/** Each attempt at one of the event's deliveries: the delivery's new state lands in the cache. */
export const EVENT_ATTEMPTS = graphql(`
  subscription EventsDeliveryAttempts($eventId: ID!) {
    deliveryAttempts(filter: { eventId: $eventId }) {
      id
      outcome
      delivery {
        ...EventDeliveryFields
      }
    }
  }
`);

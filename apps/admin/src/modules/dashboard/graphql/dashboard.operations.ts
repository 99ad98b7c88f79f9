import { graphql } from '../../../generated';

/** Attempts per bucket by outcome over the last hour or day, with success rate, p95 and the backlog. */
export const DASHBOARD_STATS = graphql(`
  query DashboardStats($range: StatsRange!) {
    deliveryStats(range: $range) {
      range
      bucketSeconds
      attempts
      successRate
      p95DurationMs
      pendingDeliveries
      buckets {
        start
        total
        p95DurationMs
        counts {
          outcome
          count
        }
      }
    }
  }
`);

/** What is configured, and the health of every webhook and automation. */
export const DASHBOARD_HEALTH = graphql(`
  query DashboardHealth {
    webhooks {
      id
      url
      description
      enabled
      health
      consecutiveFailures
      disabledReason
      disabledAt
    }
    automations {
      id
      name
      enabled
      health
      consecutiveFailures
      disabledReason
      disabledAt
    }
    integrations {
      id
    }
  }
`);

/** A webhook's new health; the cache merges it into the webhook by id, so the lists re-sort. */
export const DASHBOARD_HEALTH_CHANGED = graphql(`
  subscription DashboardHealthChanged {
    healthChanged {
      id
      enabled
      health
      consecutiveFailures
      disabledReason
      disabledAt
    }
  }
`);

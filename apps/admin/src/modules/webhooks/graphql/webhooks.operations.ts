import { gql, type TypedDocumentNode } from '@apollo/client';
import type { Health } from '../health-badge';

// Result types are written by hand until GraphQL codegen lands in src/generated/.

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  health: Health;
  consecutiveFailures: number;
  secretHint: string;
  createdAt: string;
}

export interface WebhooksData {
  webhooks: WebhookRow[];
}

export const WEBHOOKS: TypedDocumentNode<WebhooksData, Record<string, never>> = gql`
  query Webhooks {
    webhooks {
      id
      url
      events
      description
      enabled
      health
      consecutiveFailures
      secretHint
      createdAt
    }
  }
`;

import type { WebhookRow } from '../graphql/webhooks.operations';
import { HealthBadge } from './HealthBadge';

const createdAtFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface WebhookTableProps {
  webhooks: readonly WebhookRow[];
}

export function WebhookTable({ webhooks }: WebhookTableProps) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Events</th>
            <th scope="col">Health</th>
            <th scope="col">Status</th>
            <th scope="col">Secret</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((webhook) => (
            <tr key={webhook.id}>
              <td>
                <div className="mono table__url">{webhook.url}</div>
                {webhook.description && <div className="muted">{webhook.description}</div>}
              </td>
              <td>
                <ul className="chips">
                  {webhook.events.map((pattern) => (
                    <li key={pattern} className="chip mono">
                      {pattern}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <HealthBadge health={webhook.health} consecutiveFailures={webhook.consecutiveFailures} />
              </td>
              <td>{webhook.enabled ? 'Enabled' : <span className="muted">Disabled</span>}</td>
              <td className="mono muted nowrap">{webhook.secretHint}</td>
              <td className="nowrap">
                <time dateTime={webhook.createdAt}>{createdAtFormat.format(new Date(webhook.createdAt))}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

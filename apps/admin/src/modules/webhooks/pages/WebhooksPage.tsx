import { useQuery } from '@apollo/client/react';
import { apiErrorMessage } from '../../../app/api-error';
import { NoWebhooks } from '../components/NoWebhooks';
import { WebhookTable } from '../components/WebhookTable';
import { WEBHOOKS } from '../graphql/webhooks.operations';

export function WebhooksPage() {
  const { data, loading, error, refetch } = useQuery(WEBHOOKS, {
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const webhooks = data?.webhooks;

  return (
    <section className="page">
      <header className="page__header">
        <div>
          <h1>Webhooks</h1>
          <p className="muted">Endpoints that receive the platform&apos;s events as signed HTTP POSTs.</p>
        </div>
        <button className="button" type="button" onClick={() => void refetch()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>

      {error && (
        <p className="alert alert--error" role="alert">
          {apiErrorMessage(error)}
        </p>
      )}
      {!webhooks && loading && <p className="muted">Loading webhooks…</p>}
      {webhooks && webhooks.length === 0 && <NoWebhooks />}
      {webhooks && webhooks.length > 0 && <WebhookTable webhooks={webhooks} />}
    </section>
  );
}

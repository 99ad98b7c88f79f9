const CREATE_WEBHOOK_EXAMPLE = `mutation {
  createWebhook(input: {
    url: "https://example.com/conduit-hooks"
    events: ["ticket.created", "message.created.**"]
    description: "Back-office sync"
  }) {
    webhook { id secretHint }
    secret
  }
}`;

/** The empty state: how to create the first webhook until the console has a form for it. */
export function NoWebhooks() {
  return (
    <section className="empty">
      <h2>No webhooks yet</h2>
      <p>
        A webhook sends a signed HTTP POST to your endpoint each time a subscribed event happens, and retries until
        it gets a 2xx answer. For now, create one through the GraphQL API: send this mutation to{' '}
        <code>POST /graphql</code> with an <code>Authorization: Bearer &lt;token&gt;</code> header (a session token
        or an API key).
      </p>
      <pre className="code">{CREATE_WEBHOOK_EXAMPLE}</pre>
      <p className="muted">
        The answer holds the signing <code>secret</code>: it is shown only once, so store it where your endpoint can
        read it to verify the <code>webhook-signature</code> header.
      </p>
    </section>
  );
}

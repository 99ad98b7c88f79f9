/**
 * A shell command that publishes a test event with an API key, for the moment the key is created:
 * `POST /v1/events` on the console's own origin (the API serves it).
 */
export function publishEventCurl(origin: string, apiKey: string): string {
  const body = JSON.stringify({ type: 'ticket.created', payload: { ticket: { id: 'T-1001', subject: 'Hello from curl' } } });
  return [
    `curl -X POST ${origin}/v1/events \\`,
    `  -H "Authorization: Bearer ${apiKey}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join('\n');
}

/** Builds the delivery body `{"type","timestamp","data","hook"}` around the stored payload text. */
export function buildWebhookBody(options: {
  eventType: string;
  occurredAt: Date;
  payloadJson: string;
  webhookId: string;
  url: string;
}): string {
  return (
    `{"type":${JSON.stringify(options.eventType)},"timestamp":"${options.occurredAt.toISOString()}",` +
    `"data":${options.payloadJson},` +
    `"hook":{"id":"${options.webhookId}","event":${JSON.stringify(options.eventType)},"target":${JSON.stringify(options.url)}}}`
  );
}

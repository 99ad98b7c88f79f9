import { Anchor, Code, Stack, Text } from '@mantine/core';

const NODE_SNIPPET = `// npm install standardwebhooks
import { Webhook } from 'standardwebhooks';
import express from 'express';

const webhook = new Webhook(process.env.CONDUIT_WEBHOOK_SECRET); // "whsec_…"
const app = express();

// Verify the raw body: re-serialised JSON would not match the signature.
app.post('/hooks', express.raw({ type: 'application/json' }), (req, res) => {
  let event;
  try {
    event = webhook.verify(req.body.toString('utf8'), req.headers);
  } catch {
    return res.status(400).send('Invalid signature');
  }
  // event.type, event.data — dedupe on req.headers['webhook-id'] (same on every retry)
  res.sendStatus(204);
});`;

/** How a receiver checks that a delivery comes from Conduit. */
export function VerificationSnippet() {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Verify deliveries
      </Text>
      <Text size="sm">
        Every delivery carries the Standard Webhooks headers <Code>webhook-id</Code>, <Code>webhook-timestamp</Code> (Unix seconds) and{' '}
        <Code>webhook-signature</Code>: <Code>v1,</Code> + base64 of the HMAC-SHA256 of <Code>{'${id}.${timestamp}.${body}'}</Code>, keyed
        with the base64-decoded part of the secret after <Code>whsec_</Code>. After a rotation both signatures are sent, separated by a
        space. Reject old timestamps (the libraries allow 5 minutes).
      </Text>
      <Code block data-testid="verification-snippet">
        {NODE_SNIPPET}
      </Code>
      <Text size="xs" c="dimmed">
        Standard Webhooks libraries exist for Python, Go, Ruby, PHP, Java, Kotlin, Rust, C# and Elixir, with the same{' '}
        <Code>verify(body, headers)</Code> call:{' '}
        <Anchor href="https://www.standardwebhooks.com" target="_blank" rel="noreferrer" size="xs">
          standardwebhooks.com
        </Anchor>
        .
      </Text>
    </Stack>
  );
}

import { useMutation } from '@apollo/client/react';
import { Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRotate } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { SecretReveal } from '../../../components/SecretReveal';
import type { WebhookSettingsFieldsFragment } from '../../../generated/graphql';
import { ROTATE_WEBHOOK_SECRET } from '../graphql/webhooks.operations';
import { VerificationSnippet } from './VerificationSnippet';

/** The signing secret: only its hint, and a rotation that shows the new one once. */
export function SecretCard({ webhook, canEdit }: { webhook: WebhookSettingsFieldsFragment; canEdit: boolean }) {
  const [rotate] = useMutation(ROTATE_WEBHOOK_SECRET);
  const [secret, setSecret] = useState<string | null>(null);

  // A failure stays in the confirmation, with the API's message.
  async function onRotate() {
    const { data } = await rotate({ variables: { id: webhook.id } });
    if (data) setSecret(data.rotateWebhookSecret.secret);
    notifications.show({ color: 'teal', title: 'Secret rotated', message: 'Copy the new secret now; the previous one works for 24 more hours.' });
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Signing secret">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Signing secret</Title>
        {canEdit && (
          <ConfirmAction
            label="Rotate secret"
            size="xs"
            color="yellow"
            leftSection={<IconRotate size={14} />}
            message="A new secret is generated and shown once. The current secret stays valid for 24 hours (both signatures are sent), so you have time to update your receiver."
            confirmLabel="Rotate secret"
            onConfirm={onRotate}
          />
        )}
      </Group>
      {secret ? (
        <SecretReveal label="New signing secret" secret={secret}>
          <Text size="sm">
            The previous secret stays valid for 24 hours: until then every delivery carries both signatures, space-separated, in{' '}
            <Code>webhook-signature</Code>.
          </Text>
          <VerificationSnippet />
        </SecretReveal>
      ) : (
        <Stack gap={4}>
          <Text size="sm">
            <Code>{webhook.secretHint}</Code>
          </Text>
          <Text size="xs" c="dimmed">
            The secret was shown once, when the webhook was created or last rotated. Lost it? Rotate it.
          </Text>
        </Stack>
      )}
    </Card>
  );
}

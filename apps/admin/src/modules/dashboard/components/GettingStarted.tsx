import { Anchor, Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { IconPlugConnected, IconSend, IconWebhook } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer';

/** The dashboard of a workspace with nothing configured yet: the first three steps, with links. */
export function GettingStarted() {
  const { can } = useViewer();
  return (
    <Paper withBorder p="xl" radius="md" component="section" aria-labelledby="getting-started-title" data-testid="empty-state">
      <Stack gap="md" maw={720}>
        <div>
          <Title order={3} id="getting-started-title">
            Get started
          </Title>
          <Text c="dimmed" size="sm">
            Nothing is configured in this workspace yet. Once it is, this page shows how deliveries are doing and what needs
            attention.
            {!can.edit && ' You can look around; creating webhooks and integrations needs the DEVELOPER role or higher.'}
          </Text>
        </div>
        <Timeline active={-1} bulletSize={30} lineWidth={2}>
          <Timeline.Item
            bullet={
              <ThemeIcon radius="xl" size={30} variant="light">
                <IconWebhook size={16} />
              </ThemeIcon>
            }
            title={<StepTitle to="/webhooks" show={can.edit} label="1. Create a webhook" />}
          >
            <Text size="sm" c="dimmed">
              An HTTPS endpoint of yours and the events it wants (e.g. <code>ticket.created</code>, or <code>*</code> for all). You
              get a signing secret to verify each delivery.
            </Text>
          </Timeline.Item>
          <Timeline.Item
            bullet={
              <ThemeIcon radius="xl" size={30} variant="light">
                <IconSend size={16} />
              </ThemeIcon>
            }
            title={<StepTitle to="/webhooks" show={can.edit} label="2. Send a test event" />}
          >
            <Text size="sm" c="dimmed">
              From the webhook&apos;s page: Conduit sends an example event now and shows the whole exchange, so you can check your
              endpoint answers 2xx. Then follow every attempt in the <Anchor component={Link} to="/deliveries" size="sm">delivery log</Anchor>.
            </Text>
          </Timeline.Item>
          <Timeline.Item
            bullet={
              <ThemeIcon radius="xl" size={30} variant="light">
                <IconPlugConnected size={16} />
              </ThemeIcon>
            }
            title={<StepTitle to="/integrations" show={can.edit} label="3. Add an integration" />}
          >
            <Text size="sm" c="dimmed">
              Describe an external API once (auth, credentials, actions with typed inputs and outputs) to call it from the bot,
              automations and flows.
            </Text>
          </Timeline.Item>
        </Timeline>
      </Stack>
    </Paper>
  );
}

function StepTitle({ to, show, label }: { to: string; show: boolean; label: string }) {
  if (!show) return <Text fw={600}>{label}</Text>;
  return (
    <Anchor component={Link} to={to} fw={600}>
      {label}
    </Anchor>
  );
}

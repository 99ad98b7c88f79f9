import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { actionsById } from '../../../components/ActionPicker';
import { EDITOR_CATALOGUE } from '../../../components/graphql/editor.operations';
import { HealthBadge } from '../../../components/HealthBadge';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { NotFound } from '../../../app/routes';
import { emptyAutomationForm, formFromAutomation } from '../automation-form';
import { AutomationForm } from '../components/AutomationForm';
import { AUTOMATIONS } from '../graphql/automations.operations';

/** /automations/new and /automations/:id: the editor (read-only for viewers). */
export function AutomationEditorPage() {
  const { id } = useParams();
  const { can } = useViewer();
  const list = useQuery(AUTOMATIONS, { fetchPolicy: 'cache-and-network' });
  const editor = useQuery(EDITOR_CATALOGUE, { fetchPolicy: 'cache-and-network' });
  const loaded = list.data && editor.data ? { automations: list.data.automations, ...editor.data } : undefined;

  return (
    <QueryState
      loading={list.loading || editor.loading}
      error={list.error ?? editor.error}
      data={loaded}
      onRetry={() => {
        void list.refetch();
        void editor.refetch();
      }}
    >
      {({ automations, eventTypes, integrations }) => {
        const automation = id ? automations.find((a) => a.id === id) : null;
        if (automation === undefined) return <NotFound />;
        const action = automation ? (actionsById(integrations).get(automation.action.id) ?? null) : null;
        return (
          <>
            <PageHeader
              title={automation ? automation.name : 'New automation'}
              description={
                automation ? (
                  <Group gap="xs" component="span">
                    <HealthBadge health={automation.health} consecutiveFailures={automation.consecutiveFailures} />
                    <Anchor component={Link} to={`/deliveries?automation=${automation.id}`} size="sm">
                      Its deliveries
                    </Anchor>
                  </Group>
                ) : (
                  'Choose the events that start it, the action it calls, and how each input of the action is filled from the event.'
                )
              }
              actions={
                <Button component={Link} to="/automations" variant="subtle" leftSection={<IconArrowLeft size={16} />}>
                  All automations
                </Button>
              }
            />
            {automation?.disabledReason && (
              <Alert color="gray" mb="md" title="Disabled">
                {automation.disabledReason}
              </Alert>
            )}
            {!can.edit && (
              <Text size="sm" c="dimmed" mb="md">
                You can look at this automation; changing it needs the developer role or higher.
              </Text>
            )}
            <AutomationForm
              key={automation?.id ?? 'new'}
              automation={automation}
              initialValues={automation ? formFromAutomation(automation, action) : emptyAutomationForm()}
              eventTypes={eventTypes}
              integrations={integrations}
              automations={automations}
            />
          </>
        );
      }}
    </QueryState>
  );
}

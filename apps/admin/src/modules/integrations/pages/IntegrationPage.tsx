import { useMutation } from '@apollo/client/react';
import { Anchor, Badge, Breadcrumbs, Group, Tabs } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { NotFound } from '../../../app/routes';
import { useViewer } from '../../../app/viewer';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { ActionsPanel } from '../components/ActionsPanel';
import { AuthForm } from '../components/AuthForm';
import { CredentialsPanel } from '../components/CredentialsPanel';
import { DetailsForm } from '../components/DetailsForm';
import { IntegrationLogo } from '../components/IntegrationLogo';
import { TestRequestForm } from '../components/TestRequestForm';
import { DELETE_INTEGRATION, INTEGRATIONS } from '../graphql/integrations.operations';
import { useIntegration } from '../hooks/useIntegration';
import { authSchemeHelp } from '../integration-input';

const TABS = ['actions', 'credentials', 'authentication', 'test-request', 'details'] as const;

/** /integrations/:id: the wizard's parts as tabs, to look at (viewers) or edit. */
export function IntegrationPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useIntegration(id);
  const [deleteIntegration] = useMutation(DELETE_INTEGRATION, { refetchQueries: [INTEGRATIONS] });
  const tab = TABS.find((name) => name === params.get('tab')) ?? 'actions';
  const readOnly = !can.edit;
  const saved = (message: string) => () => notifications.show({ color: 'teal', message });

  // A failure stays in the confirmation, with the API's message.
  async function remove(name: string) {
    await deleteIntegration({ variables: { id } });
    notifications.show({ color: 'teal', message: `Integration “${name}” deleted.` });
    navigate('/integrations');
  }

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ integration }) =>
        !integration ? (
          <NotFound />
        ) : (
          <>
            <Breadcrumbs mb="xs">
              <Anchor component={Link} to="/integrations" size="sm">
                Integrations
              </Anchor>
              <span>{integration.name}</span>
            </Breadcrumbs>
            <PageHeader
              title={
                <Group gap="sm">
                  <IntegrationLogo name={integration.name} logoUrl={integration.logoUrl} size={40} />
                  {integration.name}
                  <Badge variant="light">{authSchemeHelp(integration.authScheme).label}</Badge>
                </Group>
              }
              description={integration.description}
              actions={
                can.edit && (
                  <ConfirmAction
                    label="Delete integration"
                    variant="subtle"
                    leftSection={<IconTrash size={16} />}
                    message={`Delete “${integration.name}” with its credentials and actions? Their calls stay in the delivery log. Automations and flows that call its actions must be changed first.`}
                    confirmLabel="Delete"
                    onConfirm={() => remove(integration.name)}
                  />
                )
              }
            />
            <Tabs value={tab} onChange={(value) => value && setParams({ tab: value }, { replace: true })} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="actions">Actions ({integration.actions.length})</Tabs.Tab>
                <Tabs.Tab value="credentials">Credentials ({integration.credentials.length})</Tabs.Tab>
                <Tabs.Tab value="authentication">Authentication</Tabs.Tab>
                <Tabs.Tab value="test-request">Test request</Tabs.Tab>
                <Tabs.Tab value="details">Details</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="actions">
                <ActionsPanel integration={integration} readOnly={readOnly} />
              </Tabs.Panel>
              <Tabs.Panel value="credentials">
                <CredentialsPanel integration={integration} readOnly={readOnly} />
              </Tabs.Panel>
              <Tabs.Panel value="authentication">
                <AuthForm integration={integration} submitLabel="Save authentication" onSaved={saved('Authentication saved.')} readOnly={readOnly} />
              </Tabs.Panel>
              <Tabs.Panel value="test-request">
                <TestRequestForm integration={integration} submitLabel="Save test request" onSaved={saved('Test request saved.')} readOnly={readOnly} />
              </Tabs.Panel>
              <Tabs.Panel value="details">
                <DetailsForm integration={integration} submitLabel="Save details" onSaved={saved('Details saved.')} readOnly={readOnly} />
              </Tabs.Panel>
            </Tabs>
          </>
        )
      }
    </QueryState>
  );
}

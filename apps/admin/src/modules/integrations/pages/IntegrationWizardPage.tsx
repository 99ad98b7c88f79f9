import { Anchor, Breadcrumbs, Button, Group, Stack, Stepper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useViewer } from '../../../app/viewer';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { ActionsPanel } from '../components/ActionsPanel';
import { AuthForm } from '../components/AuthForm';
import { CredentialsPanel } from '../components/CredentialsPanel';
import { DetailsForm } from '../components/DetailsForm';
import { TestRequestForm } from '../components/TestRequestForm';
import { useIntegration } from '../hooks/useIntegration';
import type { LoadedIntegration } from '../integration-input';

/** The wizard's steps, in Truora's order. */
const STEPS = [
  { label: 'Details', description: 'Name and logo' },
  { label: 'Authentication', description: 'Scheme and fields' },
  { label: 'Test request', description: 'Checks credentials' },
  { label: 'Credentials', description: 'Values to call with' },
  { label: 'Actions', description: 'Requests to call' },
] as const;

interface WizardProps {
  active: number;
  onStepClick?: (step: number) => void;
  title: string;
  children: (step: number) => ReactNode;
}

function Wizard({ active, onStepClick, title, children }: WizardProps) {
  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to="/integrations" size="sm">
          Integrations
        </Anchor>
        <span>{title}</span>
      </Breadcrumbs>
      <PageHeader title={title} description="Describe the API once; each step is saved as you continue, and you can come back to any of them later." />
      <Stepper active={active} onStepClick={onStepClick} allowNextStepsSelect={onStepClick !== undefined} size="sm">
        {STEPS.map((step, index) => (
          <Stepper.Step key={step.label} label={step.label} description={step.description}>
            <Stack pt="md">{children(index)}</Stack>
          </Stepper.Step>
        ))}
      </Stepper>
    </>
  );
}

/** /integrations/new: step 1 of the wizard; saving it creates the integration. */
export function NewIntegrationPage() {
  const { can } = useViewer();
  const navigate = useNavigate();
  if (!can.edit) {
    return <EmptyState title="Read-only access">Your role can look at integrations but not create them. Ask a developer or an admin.</EmptyState>;
  }
  return (
    <Wizard active={0} title="New integration">
      {() => (
        <DetailsForm
          integration={null}
          submitLabel="Save and continue"
          onSaved={(id) => {
            notifications.show({ color: 'teal', message: 'Integration created. Next: how it authenticates.' });
            navigate(`/integrations/${id}/setup?step=1`, { replace: true });
          }}
        />
      )}
    </Wizard>
  );
}

/** /integrations/:id/setup?step=N: the remaining steps of the wizard for a saved integration. */
export function IntegrationSetupPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useIntegration(id);
  const navigate = useNavigate();
  const step = Math.min(Math.max(Number(params.get('step') ?? 1) || 0, 0), STEPS.length - 1);
  const goTo = (next: number) => setParams({ step: String(next) });

  if (!can.edit) return <Navigate to={`/integrations/${id}`} replace />;

  return (
    <QueryState loading={loading} error={error} data={data} onRetry={() => void refetch()}>
      {({ integration }) =>
        integration ? (
          <Wizard active={step} onStepClick={goTo} title={integration.name}>
            {(index) => <SetupStep integration={integration} step={index} next={() => goTo(index + 1)} finish={() => navigate(`/integrations/${integration.id}`)} />}
          </Wizard>
        ) : null
      }
    </QueryState>
  );
}

interface SetupStepProps {
  integration: LoadedIntegration;
  step: number;
  next: () => void;
  finish: () => void;
}

function SetupStep({ integration, step, next, finish }: SetupStepProps) {
  const saved = (message: string) => () => {
    notifications.show({ color: 'teal', message });
    next();
  };
  switch (step) {
    case 0:
      return <DetailsForm integration={integration} submitLabel="Save and continue" onSaved={saved('Details saved.')} />;
    case 1:
      return <AuthForm integration={integration} submitLabel="Save and continue" onSaved={saved('Authentication saved. Next: a request to test credentials with.')} />;
    case 2:
      return <TestRequestForm integration={integration} submitLabel="Save and continue" onSaved={saved('Test request saved. Next: credentials.')} />;
    case 3:
      return (
        <>
          <CredentialsPanel integration={integration} />
          <Group>
            <Button onClick={next}>Continue to actions</Button>
          </Group>
        </>
      );
    default:
      return (
        <>
          <ActionsPanel integration={integration} />
          <Group>
            <Button onClick={finish}>Finish integration</Button>
          </Group>
        </>
      );
  }
}

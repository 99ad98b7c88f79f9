import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Breadcrumbs, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { NotFound } from '../../../app/routes';
import { applyApiError } from '../../../app/form-errors';
import { useViewer } from '../../../app/viewer';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { FormError } from '../../../components/FormError';
import { scheduleProblem } from '../../../components/retry-schedule';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import type { ActionFieldsFragment } from '../../../generated/graphql';
import { mergeOutputs, toActionDraft, toActionInput, type ActionDraft, type FieldRow } from '../action-draft';
import { ActionForm } from '../components/ActionForm';
import { TestPanel } from '../components/TestPanel';
import { ACTION, CREATE_ACTION, DELETE_ACTION, INTEGRATION, UPDATE_ACTION } from '../graphql/integrations.operations';
import { useIntegration } from '../hooks/useIntegration';
import type { LoadedIntegration } from '../integration-input';

/** /integrations/:id/actions/new and /integrations/:id/actions/:actionId: the action editor and, once saved, its test panel. */
export function ActionPage() {
  const { id = '', actionId } = useParams();
  const integrationQuery = useIntegration(id);
  const actionQuery = useQuery(ACTION, { variables: { id: actionId ?? '' }, skip: !actionId });
  const loading = integrationQuery.loading || actionQuery.loading;
  const error = integrationQuery.error ?? actionQuery.error;
  const data = integrationQuery.data && (actionId ? actionQuery.data && { ...integrationQuery.data, ...actionQuery.data } : { ...integrationQuery.data, action: null });

  return (
    <QueryState
      loading={loading}
      error={error}
      data={data}
      onRetry={() => {
        void integrationQuery.refetch();
        if (actionId) void actionQuery.refetch();
      }}
    >
      {({ integration, action }) =>
        !integration || (actionId && !action) ? <NotFound /> : <ActionEditor key={action?.id ?? 'new'} integration={integration} action={action ?? null} />
      }
    </QueryState>
  );
}

// The save bar sits outside the form (below the test panel, sticky) and submits it by id.
const FORM_ID = 'action-form';

function ActionEditor({ integration, action }: { integration: LoadedIntegration; action: ActionFieldsFragment | null }) {
  const { can } = useViewer();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const [createAction, created] = useMutation(CREATE_ACTION, { refetchQueries: [INTEGRATION] });
  const [updateAction, updated] = useMutation(UPDATE_ACTION);
  const [deleteAction] = useMutation(DELETE_ACTION, { refetchQueries: [INTEGRATION] });
  const form = useForm<ActionDraft>({
    initialValues: toActionDraft(action),
    validate: {
      name: (value) => (value.trim() === '' ? 'Give the action a name.' : null),
      request: { url: (value) => (value.trim() === '' ? 'Enter the URL to call.' : null) },
      retry: { schedule: (value) => scheduleProblem(value) },
    },
  });
  const readOnly = !can.edit;
  const integrationPath = `/integrations/${integration.id}`;

  const save = form.onSubmit(async (draft) => {
    setFormError(null);
    try {
      if (action) {
        await updateAction({ variables: { id: action.id, input: toActionInput(draft) } });
        form.setInitialValues(draft);
        form.resetDirty(draft);
        notifications.show({ color: 'teal', message: `Action “${draft.name}” saved.` });
      } else {
        const { data } = await createAction({ variables: { integrationId: integration.id, input: toActionInput(draft) } });
        if (!data) return;
        notifications.show({ color: 'teal', message: `Action “${data.createAction.name}” created. Test it to pick its outputs.` });
        navigate(`${integrationPath}/actions/${data.createAction.id}`, { replace: true });
      }
    } catch (error) {
      setFormError(applyApiError(form, error, { retryPolicy: 'retry' }));
    }
  });

  function addOutputs(outputs: FieldRow[]) {
    form.setFieldValue('outputs', mergeOutputs(form.getValues().outputs, outputs));
    notifications.show({ message: `${outputs.length === 1 ? 'One output' : `${outputs.length} outputs`} added. Save the action to keep ${outputs.length === 1 ? 'it' : 'them'}.` });
  }

  // A failure stays in the confirmation, with the API's message.
  async function remove() {
    if (!action) return;
    await deleteAction({ variables: { id: action.id } });
    notifications.show({ color: 'teal', message: `Action “${action.name}” deleted.` });
    navigate(`${integrationPath}?tab=actions`);
  }

  return (
    <>
      <Breadcrumbs mb="xs">
        <Anchor component={Link} to="/integrations" size="sm">
          Integrations
        </Anchor>
        <Anchor component={Link} to={`${integrationPath}?tab=actions`} size="sm">
          {integration.name}
        </Anchor>
        <span>{action?.name ?? 'New action'}</span>
      </Breadcrumbs>
      <PageHeader
        title={action?.name ?? 'New action'}
        description={`An action of ${integration.name}: typed inputs, one request, typed outputs.`}
        actions={
          action &&
          can.edit && (
            <ConfirmAction
              label="Delete action"
              variant="subtle"
              leftSection={<IconTrash size={16} />}
              message={`Delete “${action.name}”? Its calls stay in the delivery log. Automations and flows that call it must be changed first.`}
              confirmLabel="Delete"
              onConfirm={remove}
            />
          )
        }
      />
      <Stack gap="md">
        <form id={FORM_ID} onSubmit={save} noValidate>
          <ActionForm form={form} integration={integration} readOnly={readOnly} />
        </form>
        {action && !readOnly && (
          <TestPanel
            action={action}
            integration={integration}
            unsaved={form.isDirty()}
            declaredOutputs={form.getValues().outputs.map((output) => output.key)}
            onAddOutputs={addOutputs}
          />
        )}
        {!readOnly && (
          <Paper withBorder p="sm" shadow="sm" style={{ position: 'sticky', bottom: 8, zIndex: 5 }}>
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {form.isDirty() ? 'Unsaved changes.' : action ? 'All changes saved.' : 'Save the action to test it.'}
              </Text>
              <Group gap="xs">
                {action && form.isDirty() && (
                  <Button variant="default" onClick={() => form.reset()}>
                    Discard changes
                  </Button>
                )}
                <Button type="submit" form={FORM_ID} loading={created.loading || updated.loading}>
                  {action ? 'Save action' : 'Create action'}
                </Button>
              </Group>
            </Group>
            <FormError message={formError} />
          </Paper>
        )}
      </Stack>
    </>
  );
}

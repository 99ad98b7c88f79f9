import { useMutation } from '@apollo/client/react';
import { Button, Fieldset, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { applyApiError } from '../../../app/form-errors';
import { useViewer } from '../../../app/viewer';
import { actionsById, type PickerIntegration } from '../../../components/ActionPicker';
import { matchingTypes, patternsProblem } from '../../../components/event-patterns';
import { EventPatternsInput } from '../../../components/EventPatternsInput';
import { FormError } from '../../../components/FormError';
import { identifierProblem } from '../../../components/template-placeholders';
import type { EditorCatalogueQuery, FlowFieldsFragment } from '../../../generated/graphql';
import { flowRowPath, moveStep, newStep, stepReferenceProblem, toFlowInput, type FlowFormValues } from '../flow-form';
import { CREATE_FLOW, FLOWS, UPDATE_FLOW } from '../graphql/flows.operations';
import { StepFields } from './StepFields';

interface FlowFormProps {
  flow: FlowFieldsFragment | null;
  initialValues: FlowFormValues;
  eventTypes: EditorCatalogueQuery['eventTypes'];
  integrations: PickerIntegration[];
}

export function FlowForm({ flow, initialValues, eventTypes, integrations }: FlowFormProps) {
  const { can } = useViewer();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const [create, creating] = useMutation(CREATE_FLOW, { refetchQueries: [FLOWS] });
  const [update, updating] = useMutation(UPDATE_FLOW);
  const actions = useMemo(() => actionsById(integrations), [integrations]);
  const form = useForm<FlowFormValues>({
    initialValues,
    validate: {
      name: (value) => (value.trim() ? null : 'Give the flow a name.'),
      events: (value) => patternsProblem(value),
      steps: {
        key: (value, values, path) => {
          const index = Number(path.split('.')[1]);
          const problem = identifierProblem(value.trim(), 'A step key');
          if (problem) return problem;
          return values.steps.some((s, i) => i < index && s.key.trim() === value.trim()) ? `Step key "${value.trim()}" is used by an earlier step; each step needs its own.` : null;
        },
        actionId: (value) => (value ? null : 'Choose the action this step calls.'),
        inputs: {
          value: (value, values, path) => {
            const [, s, , r] = path.split('.').map(Number);
            const step = values.steps[s];
            if (step.inputs[r]?.required && !value.trim()) return 'This input is required.';
            return stepReferenceProblem(value, step.key.trim(), values.steps.slice(0, s).map((x) => x.key.trim()));
          },
        },
      },
    },
  });
  const values = form.getValues();
  const triggerTypes = eventTypes.filter((t) => matchingTypes(values.events, [t.name]).length > 0).slice(0, 3);

  const submit = form.onSubmit(async (submitted) => {
    setFailure(null);
    const { input, rowOfMapping } = toFlowInput(submitted);
    try {
      if (flow) {
        await update({ variables: { id: flow.id, input } });
        notifications.show({ color: 'teal', message: `${input.name} is saved.` });
        navigate(`/flows/${flow.id}`);
      } else {
        const { data } = await create({ variables: { input } });
        notifications.show({ color: 'teal', message: `${input.name} is created. Run it now, or let its events start it.` });
        if (data) navigate(`/flows/${data.createFlow.id}`, { replace: true });
      }
    } catch (error) {
      setFailure(applyApiError(form, error, (path) => flowRowPath(path, rowOfMapping)));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Fieldset variant="unstyled" disabled={!can.edit}>
        <Stack gap="lg">
          <TextInput label="Name" required placeholder="Validate an account" {...form.getInputProps('name')} />
          <EventPatternsInput
            label="Start on events (optional)"
            description="A matching event starts a run with its payload as the flow variables. Leave empty to start runs only with Run now or the API."
            eventTypes={eventTypes.map((t) => t.name)}
            {...form.getInputProps('events')}
          />
          {values.steps.map((step, index) => (
            <StepFields
              key={step.uid}
              form={form}
              index={index}
              integrations={integrations}
              actions={actions}
              triggerTypes={triggerTypes}
              disabled={!can.edit}
              onMove={(to) => {
                form.clearErrors();
                form.setFieldValue('steps', moveStep(form.getValues().steps, index, to));
              }}
              onRemove={() => form.removeListItem('steps', index)}
            />
          ))}
          {form.errors.steps && <FormError message={String(form.errors.steps)} />}
          <FormError message={failure} />
          {can.edit && (
            <Group justify="space-between">
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                onClick={() => form.insertListItem('steps', newStep(form.getValues().steps.map((s) => s.key)))}
                disabled={values.steps.length >= 50}
              >
                Add step
              </Button>
              <Group>
                <Button variant="default" onClick={() => navigate(flow ? `/flows/${flow.id}` : '/flows')}>
                  Cancel
                </Button>
                <Button type="submit" loading={creating.loading || updating.loading}>
                  {flow ? 'Save flow' : 'Create flow'}
                </Button>
              </Group>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}

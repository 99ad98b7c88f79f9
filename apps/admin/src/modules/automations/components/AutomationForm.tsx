import { useMutation } from '@apollo/client/react';
import { Button, Fieldset, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { applyApiError } from '../../../app/form-errors';
import { useViewer } from '../../../app/viewer';
import { ActionPicker, type PickerIntegration } from '../../../components/ActionPicker';
import { matchingTypes, patternsProblem } from '../../../components/event-patterns';
import { EventPatternsInput } from '../../../components/EventPatternsInput';
import { FilterField } from '../../../components/FilterField';
import { FILTER_JSON } from '../../../components/filter-check';
import { FormError } from '../../../components/FormError';
import { InputMappingFields } from '../../../components/InputMappingFields';
import { jsonTextError } from '../../../components/json-text';
import { identifierProblem } from '../../../components/template-placeholders';
import { TemplateInput } from '../../../components/TemplateInput';
import type { AutomationFieldsFragment, EditorCatalogueQuery } from '../../../generated/graphql';
import { automationPlaceholders, inputRowsFor, rowPath, toAutomationInput, type AutomationFormValues } from '../automation-form';
import { AUTOMATIONS, CREATE_AUTOMATION, UPDATE_AUTOMATION } from '../graphql/automations.operations';

export type CatalogueType = EditorCatalogueQuery['eventTypes'][number];

interface AutomationFormProps {
  /** Null for a new automation. */
  automation: AutomationFieldsFragment | null;
  initialValues: AutomationFormValues;
  eventTypes: CatalogueType[];
  integrations: PickerIntegration[];
  /** Every automation, for the context placeholders (what others keep with storeAs). */
  automations: AutomationFieldsFragment[];
}

export function AutomationForm({ automation, initialValues, eventTypes, integrations, automations }: AutomationFormProps) {
  const { can } = useViewer();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const [create, creating] = useMutation(CREATE_AUTOMATION, { refetchQueries: [AUTOMATIONS] });
  const [update, updating] = useMutation(UPDATE_AUTOMATION);
  const form = useForm<AutomationFormValues>({
    initialValues,
    validate: {
      name: (value) => (value.trim() ? null : 'Give the automation a name people will recognise in the log.'),
      events: (value) => (value.length === 0 ? 'Choose at least one event type or pattern that starts this automation.' : patternsProblem(value)),
      filter: (value) => jsonTextError(value, FILTER_JSON),
      actionId: (value) => (value ? null : 'Choose the action to call.'),
      inputs: { value: (value, values, path) => (values.inputs[Number(path.split('.')[1])]?.required && !value.trim() ? 'This input is required: map it from the event.' : null) },
      storeAs: (value) => (value.trim() ? identifierProblem(value.trim(), 'The name') : null),
      subject: (value, values) => (values.storeAs.trim() && !value.trim() ? 'Say whose data it is, e.g. {{ ticket.customer.email }}.' : null),
    },
  });
  const values = form.getValues();

  const integration = integrations.find((i) => i.id === values.integrationId) ?? null;
  const action = integration?.actions.find((a) => a.id === values.actionId) ?? null;
  const typeNames = useMemo(() => eventTypes.map((t) => t.name), [eventTypes]);
  const matched = matchingTypes(values.events, typeNames);
  const [exampleName, setExampleName] = useState<string | null>(null);
  const exampleType = eventTypes.find((t) => t.name === (exampleName && matched.includes(exampleName) ? exampleName : matched[0])) ?? null;
  const placeholders = automationPlaceholders({ eventType: exampleType, automations, withContext: values.subject.trim() !== '' });
  const subjectPlaceholders = automationPlaceholders({ eventType: exampleType, automations: [], withContext: false });
  const emptyHint = 'Choose the events first: their fields are offered here.';

  const submit = form.onSubmit(async (submitted) => {
    setFailure(null);
    const { input, rowOfMapping } = toAutomationInput(submitted);
    try {
      if (automation) {
        await update({ variables: { id: automation.id, input } });
        notifications.show({ color: 'teal', message: `${input.name} is saved.` });
      } else {
        const { data } = await create({ variables: { input } });
        notifications.show({ color: 'teal', message: `${input.name} is created and listening for ${input.events.join(', ')}.` });
        if (data) navigate(`/automations/${data.createAutomation.id}`, { replace: true });
      }
    } catch (error) {
      setFailure(applyApiError(form, error, (path) => rowPath(path, rowOfMapping)));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Fieldset variant="unstyled" disabled={!can.edit}>
        <Stack gap="lg">
          <Fieldset legend="When">
            <Stack>
              <TextInput label="Name" required placeholder="Look up the customer in the CRM" {...form.getInputProps('name')} />
              <EventPatternsInput label="Events" required eventTypes={typeNames} {...form.getInputProps('events')} />
              <FilterField
                label="Filter"
                description='Optional: only events whose payload matches, e.g. {"ticket.priority": {"$in": ["high", "urgent"]}}. Operators: $eq $neq $gt $gte $lt $lte $in $nin $exists $regex $and $or $not.'
                placeholder="No filter: every matching event"
                minRows={2}
                maxRows={10}
                {...form.getInputProps('filter')}
              />
            </Stack>
          </Fieldset>

          <Fieldset legend="Call">
            <Stack>
              <ActionPicker
                integrations={integrations}
                value={{ integrationId: values.integrationId, actionId: values.actionId, credentialId: values.credentialId }}
                onChange={(choice) => {
                  const nextAction = integrations.find((i) => i.id === choice.integrationId)?.actions.find((a) => a.id === choice.actionId) ?? null;
                  form.setValues({ ...choice, inputs: inputRowsFor(nextAction, form.getValues().inputs) });
                }}
                errors={{ actionId: form.errors.actionId, credentialId: form.errors.credentialId }}
                disabled={!can.edit}
              />
              {action && (
                <Group align="flex-end" justify="space-between">
                  <Text size="sm" fw={500}>
                    Inputs of {action.name}
                  </Text>
                  {matched.length > 1 && (
                    <Select
                      size="xs"
                      label="Placeholders from"
                      data={matched}
                      value={exampleType?.name ?? null}
                      onChange={setExampleName}
                      allowDeselect={false}
                      w={280}
                    />
                  )}
                </Group>
              )}
              {action && (
                <InputMappingFields
                  rows={values.inputs}
                  placeholders={placeholders}
                  emptyHint={emptyHint}
                  onChange={(index, value) => form.setFieldValue(`inputs.${index}.value`, value)}
                  errorOf={(index) => form.errors[`inputs.${index}.value`]}
                  disabled={!can.edit}
                />
              )}
              {form.errors.inputs && <Text c="red" size="sm">{form.errors.inputs}</Text>}
            </Stack>
          </Fieldset>

          <Fieldset legend="Keep the answer (optional)">
            <Stack>
              <Text size="sm" c="dimmed">
                The action&apos;s outputs are kept as context data about a subject (a customer, a ticket), shown by the context lookup and usable in later templates as{' '}
                {'{{ context.<name>.<output> }}'}.
              </Text>
              <Group grow align="flex-start">
                <TextInput label="Store as" placeholder="customer" description="A name: lowercase letters, digits and _" {...form.getInputProps('storeAs')} />
                <TemplateInput
                  label="Subject"
                  description="Whose data it is, a template over the event"
                  placeholder="{{ ticket.customer.email }}"
                  value={values.subject}
                  onChange={(value) => form.setFieldValue('subject', value)}
                  error={form.errors.subject}
                  placeholders={subjectPlaceholders}
                  emptyHint={emptyHint}
                  disabled={!can.edit}
                />
              </Group>
            </Stack>
          </Fieldset>

          <FormError message={failure} />
          {can.edit && (
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate('/automations')}>
                Cancel
              </Button>
              <Button type="submit" loading={creating.loading || updating.loading}>
                {automation ? 'Save automation' : 'Create automation'}
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}

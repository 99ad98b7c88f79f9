import { ActionIcon, Fieldset, Group, SegmentedControl, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { ActionPicker, type PickerAction, type PickerIntegration } from '../../../components/ActionPicker';
import { InputMappingFields } from '../../../components/InputMappingFields';
import { flowPlaceholders, stepRowsFor, type FlowFormValues } from '../flow-form';

interface StepFieldsProps {
  form: UseFormReturnType<FlowFormValues>;
  index: number;
  integrations: readonly PickerIntegration[];
  actions: ReadonlyMap<string, PickerAction>;
  triggerTypes: readonly { name: string; example?: unknown; schema?: unknown }[];
  onMove: (to: number) => void;
  onRemove: () => void;
  disabled: boolean;
}

/** One step of a flow: its key, the action it calls, its inputs as templates, and what a failure does. */
export function StepFields({ form, index, integrations, actions, triggerTypes, onMove, onRemove, disabled }: StepFieldsProps) {
  const values = form.getValues();
  const step = values.steps[index];
  const count = values.steps.length;
  const action = step.actionId ? (actions.get(step.actionId) ?? null) : null;
  const placeholders = flowPlaceholders({ steps: values.steps, index, actions, triggerTypes });
  const path = `steps.${index}`;

  return (
    <Fieldset legend={`Step ${index + 1}`}>
      <Stack gap="sm">
        <Group align="flex-start" wrap="nowrap">
          <TextInput
            label="Key"
            description={`Later steps use its outputs as {{ steps.${step.key || 'key'}.<output> }}`}
            required
            w={300}
            {...form.getInputProps(`${path}.key`)}
          />
          <TextInput label="Name" description="Optional, for people" placeholder="What this step does" style={{ flex: 1 }} {...form.getInputProps(`${path}.name`)} />
          {!disabled && (
            <Group gap={4} mt={28} wrap="nowrap">
              <Tooltip label="Move up">
                <ActionIcon variant="subtle" aria-label={`Move step ${index + 1} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>
                  <IconArrowUp size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Move down">
                <ActionIcon variant="subtle" aria-label={`Move step ${index + 1} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
                  <IconArrowDown size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove step">
                <ActionIcon variant="subtle" color="red" aria-label={`Remove step ${index + 1}`} disabled={count === 1} onClick={onRemove}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
        </Group>

        <ActionPicker
          integrations={integrations}
          value={{ integrationId: step.integrationId, actionId: step.actionId, credentialId: step.credentialId }}
          onChange={(choice) => {
            const next = choice.actionId ? (actions.get(choice.actionId) ?? null) : null;
            form.setFieldValue(path, { ...form.getValues().steps[index], ...choice, inputs: stepRowsFor(next, form.getValues().steps[index].inputs) });
          }}
          errors={{ actionId: form.errors[`${path}.actionId`], credentialId: form.errors[`${path}.credentialId`] }}
          disabled={disabled}
        />

        {action && (
          <InputMappingFields
            rows={step.inputs}
            placeholders={placeholders}
            emptyHint={index === 0 ? 'Type a flow variable such as {{ account_id }}: Run now and trigger events provide them.' : undefined}
            onChange={(row, value) => form.setFieldValue(`${path}.inputs.${row}.value`, value)}
            errorOf={(row) => form.errors[`${path}.inputs.${row}.value`]}
            disabled={disabled}
          />
        )}
        {form.errors[`${path}.inputs`] && (
          <Text c="red" size="sm">
            {form.errors[`${path}.inputs`]}
          </Text>
        )}

        <Group gap="sm">
          <Text size="sm">If it fails:</Text>
          <SegmentedControl
            size="xs"
            disabled={disabled}
            data={[
              { value: 'STOP', label: 'Stop the run' },
              { value: 'CONTINUE', label: 'Continue with the next step' },
            ]}
            {...form.getInputProps(`${path}.onFailure`)}
          />
        </Group>
      </Stack>
    </Fieldset>
  );
}

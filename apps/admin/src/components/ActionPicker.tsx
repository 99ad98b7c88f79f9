import { Alert, Anchor, Group, Select, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { PickerIntegrationFragment } from '../generated/graphql';

/** What the picker reads of an integration (the PickerIntegration fragment of EditorCatalogue). */
export type PickerIntegration = PickerIntegrationFragment;
export type PickerAction = PickerIntegration['actions'][number];

/** Every action of the integrations, by id (a stored step or automation names its action by id). */
export function actionsById(integrations: readonly PickerIntegration[]): Map<string, PickerAction> {
  return new Map(integrations.flatMap((integration) => integration.actions.map((action) => [action.id, action] as const)));
}

export interface ActionChoice {
  integrationId: string | null;
  actionId: string | null;
  credentialId: string | null;
}

interface ActionPickerProps {
  integrations: readonly PickerIntegration[];
  value: ActionChoice;
  onChange: (value: ActionChoice) => void;
  errors?: { actionId?: ReactNode; credentialId?: ReactNode };
  disabled?: boolean;
}

/** The integration whose action an automation or flow step calls, the action, and the credential it sends. */
export function ActionPicker({ integrations, value, onChange, errors = {}, disabled }: ActionPickerProps) {
  if (integrations.length === 0) {
    return (
      <Alert color="blue" variant="light" title="No integration yet">
        Actions belong to integrations.{' '}
        <Anchor component={Link} to="/integrations">
          Create an integration
        </Anchor>{' '}
        with an action (the HTTP call to make) and a credential, then come back.
      </Alert>
    );
  }
  const integration = integrations.find((i) => i.id === value.integrationId) ?? null;

  const chooseIntegration = (id: string | null) => {
    const next = integrations.find((i) => i.id === id) ?? null;
    onChange({
      integrationId: id,
      // One action or one credential: nothing to choose.
      actionId: next?.actions.length === 1 ? next.actions[0].id : null,
      credentialId: next?.credentials.length === 1 ? next.credentials[0].id : null,
    });
  };

  return (
    <Group grow align="flex-start">
      <Select
        label="Integration"
        placeholder="Choose an integration"
        data={integrations.map((i) => ({ value: i.id, label: i.name }))}
        value={value.integrationId}
        onChange={chooseIntegration}
        searchable
        disabled={disabled}
        required
      />
      <Select
        label="Action"
        placeholder={integration ? 'Choose an action' : 'Choose an integration first'}
        data={(integration?.actions ?? []).map((a) => ({ value: a.id, label: a.name }))}
        value={value.actionId}
        onChange={(actionId) => onChange({ ...value, actionId })}
        nothingFoundMessage="This integration has no action yet"
        description={integration && integration.actions.length === 0 ? <NoneYet what="action" integrationId={integration.id} /> : undefined}
        error={errors.actionId}
        disabled={disabled || !integration}
        searchable
        required
      />
      <Select
        label="Credential"
        placeholder={integration ? 'No credential' : 'Choose an integration first'}
        data={(integration?.credentials ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={value.credentialId}
        onChange={(credentialId) => onChange({ ...value, credentialId })}
        description={integration && integration.credentials.length === 0 ? <NoneYet what="credential" integrationId={integration.id} /> : undefined}
        error={errors.credentialId}
        disabled={disabled || !integration}
        clearable
      />
    </Group>
  );
}

function NoneYet({ what, integrationId }: { what: string; integrationId: string }) {
  return (
    <Text span size="xs">
      None yet:{' '}
      <Anchor component={Link} to={`/integrations/${integrationId}`} size="xs">
        add a {what}
      </Anchor>
    </Text>
  );
}

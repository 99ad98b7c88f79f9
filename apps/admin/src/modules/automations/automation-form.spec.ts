import { describe, expect, it } from '@jest/globals';
import type { PickerAction } from '../../components/ActionPicker';
import type { AutomationFieldsFragment } from '../../generated/graphql';
import { automationPlaceholders, emptyAutomationForm, formFromAutomation, inputRowsFor, rowPath, toAutomationInput } from './automation-form';

const findUser: PickerAction = {
  id: 'act_1',
  name: 'Find user',
  description: null,
  inputs: [
    { key: 'email', name: 'Email', type: 'STRING', required: true },
    { key: 'limit', name: 'Limit', type: 'INTEGER', required: false },
  ],
  outputs: [{ key: 'id', name: 'User id', type: 'STRING', required: true }],
};

const automation: AutomationFieldsFragment = {
  id: 'au_1',
  name: 'Look up the customer',
  events: ['ticket.created'],
  filter: { 'ticket.priority': 'high' },
  inputs: [{ key: 'email', value: '{{ ticket.customer.email }}' }],
  storeAs: 'customer',
  subject: '{{ ticket.customer.email }}',
  enabled: true,
  health: 'HEALTHY',
  consecutiveFailures: 0,
  disabledReason: null,
  disabledAt: null,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  action: { id: 'act_1', name: 'Find user', outputs: [{ key: 'id', name: 'User id', type: 'STRING', required: true }], integration: { id: 'int_1', name: 'CRM' } },
  credential: { id: 'cred_1', name: 'Production' },
};

describe('the automation form', () => {
  it('shows an automation with one row per action input, mapped or not', () => {
    const values = formFromAutomation(automation, findUser);
    expect(values).toMatchObject({ name: 'Look up the customer', integrationId: 'int_1', actionId: 'act_1', credentialId: 'cred_1', storeAs: 'customer' });
    expect(values.filter).toBe('{\n  "ticket.priority": "high"\n}');
    expect(values.inputs.map((r) => [r.key, r.value, r.required])).toEqual([
      ['email', '{{ ticket.customer.email }}', true],
      ['limit', '', false],
    ]);
  });

  it('keeps typed values when the rows are rebuilt for an action with the same keys', () => {
    expect(inputRowsFor(findUser, [{ key: 'limit', value: '5' }, { key: 'gone', value: 'x' }]).map((r) => r.value)).toEqual(['', '5']);
    expect(inputRowsFor(null, [{ key: 'email', value: 'x' }])).toEqual([]);
  });

  it('sends only the mapped inputs, the parsed filter, and storeAs with its subject', () => {
    const values = { ...formFromAutomation(automation, findUser), name: '  Look up  ' };
    values.inputs = [values.inputs[0], { ...values.inputs[1], value: '{{ ticket.number }}' }];
    values.inputs[0] = { ...values.inputs[0], value: ' ' };
    const { input, rowOfMapping } = toAutomationInput(values);
    expect(input).toEqual({
      name: 'Look up',
      events: ['ticket.created'],
      filter: { 'ticket.priority': 'high' },
      actionId: 'act_1',
      credentialId: 'cred_1',
      inputs: [{ key: 'limit', value: '{{ ticket.number }}' }],
      storeAs: 'customer',
      subject: '{{ ticket.customer.email }}',
    });
    expect(rowOfMapping).toEqual([1]);
    expect(rowPath('inputs.0.value', rowOfMapping)).toBe('inputs.1.value');
    expect(rowPath('name', rowOfMapping)).toBe('name');
  });

  it('sends no filter and no subject when they are left blank', () => {
    const { input } = toAutomationInput({ ...emptyAutomationForm(), name: 'x', subject: '{{ a }}' });
    expect(input.filter).toBeNull();
    expect(input.storeAs).toBeNull();
    expect(input.subject).toBeNull();
  });
});

describe('automationPlaceholders', () => {
  const eventType = { name: 'ticket.created', example: { ticket: { customer: { email: 'ada@example.com' } }, event: 'shadowed' } };

  it('offers the event’s fields and event.type/id, and context only with a subject', () => {
    const groups = automationPlaceholders({ eventType, automations: [automation], withContext: false });
    expect(groups.map((g) => g.label)).toEqual(['Event ticket.created', 'Event']);
    expect(groups[0].items.map((p) => p.template)).toEqual(['{{ ticket.customer.email }}']);
    expect(groups[1].items.map((p) => p.template)).toEqual(['{{ event.type }}', '{{ event.id }}']);

    const withContext = automationPlaceholders({ eventType: null, automations: [automation, automation, { storeAs: null, action: { outputs: [{ key: 'x' }] } }], withContext: true });
    expect(withContext.map((g) => g.label)).toEqual(['Event', 'Context kept about the subject']);
    expect(withContext[1].items.map((p) => p.template)).toEqual(['{{ context.customer.id }}']);
  });
});

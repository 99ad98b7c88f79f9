import { describe, expect, it } from '@jest/globals';
import type { PickerAction } from '../../components/ActionPicker';
import type { FlowFieldsFragment } from '../../generated/graphql';
import {
  emptyFlowForm,
  flowPlaceholders,
  flowRowPath,
  flowVariables,
  formFromFlow,
  initialRunVariables,
  moveStep,
  newStep,
  stepReferenceProblem,
  stepReferences,
  toFlowInput,
} from './flow-form';

const findUser: PickerAction = {
  id: 'act_find',
  name: 'Find user',
  description: null,
  inputs: [{ key: 'email', name: 'Email', type: 'STRING', required: true }],
  outputs: [
    { key: 'id', name: 'User id', type: 'STRING', required: true },
    { key: 'order.name', name: 'Order', type: 'INTEGER', required: false },
  ],
};
const addNote: PickerAction = {
  id: 'act_note',
  name: 'Add note',
  description: null,
  inputs: [
    { key: 'user_id', name: 'User id', type: 'STRING', required: true },
    { key: 'text', name: 'Text', type: 'STRING', required: false },
  ],
  outputs: [],
};
const actions = new Map([
  [findUser.id, findUser],
  [addNote.id, addNote],
]);

const flow: FlowFieldsFragment = {
  id: 'fl_1',
  name: 'Note the customer',
  events: ['ticket.created'],
  steps: [
    {
      key: 'lookup',
      name: 'Look up',
      inputs: [{ key: 'email', value: '{{ email }}' }],
      onFailure: 'STOP',
      action: { id: 'act_find', name: 'Find user', integration: { id: 'int_1', name: 'CRM' } },
      credential: { id: 'cred_1', name: 'Production' },
    },
    {
      key: 'note',
      name: null,
      inputs: [{ key: 'user_id', value: '{{ steps.lookup.id }}' }],
      onFailure: 'CONTINUE',
      action: { id: 'act_note', name: 'Add note', integration: { id: 'int_1', name: 'CRM' } },
      credential: null,
    },
  ],
};

describe('the flow form', () => {
  it('shows a flow’s steps with a row per action input', () => {
    const values = formFromFlow(flow, actions);
    expect(values.steps.map((s) => [s.key, s.name, s.integrationId, s.actionId, s.credentialId, s.onFailure])).toEqual([
      ['lookup', 'Look up', 'int_1', 'act_find', 'cred_1', 'STOP'],
      ['note', '', 'int_1', 'act_note', null, 'CONTINUE'],
    ]);
    expect(values.steps[1].inputs.map((r) => [r.key, r.value])).toEqual([
      ['user_id', '{{ steps.lookup.id }}'],
      ['text', ''],
    ]);
    expect(new Set(values.steps.map((s) => s.uid)).size).toBe(2);
  });

  it('sends the steps in order with only their mapped inputs, and maps API paths back to rows', () => {
    const values = formFromFlow(flow, actions);
    values.steps[1].inputs = [
      { ...values.steps[1].inputs[0], value: '' },
      { ...values.steps[1].inputs[1], value: 'Hi {{ steps.lookup.id }}' },
    ];
    const { input, rowOfMapping } = toFlowInput(values);
    expect(input).toEqual({
      name: 'Note the customer',
      events: ['ticket.created'],
      steps: [
        { key: 'lookup', name: 'Look up', actionId: 'act_find', credentialId: 'cred_1', inputs: [{ key: 'email', value: '{{ email }}' }], onFailure: 'STOP' },
        { key: 'note', name: null, actionId: 'act_note', credentialId: null, inputs: [{ key: 'text', value: 'Hi {{ steps.lookup.id }}' }], onFailure: 'CONTINUE' },
      ],
    });
    expect(rowOfMapping).toEqual([[0], [1]]);
    expect(flowRowPath('steps.1.inputs.0.value', rowOfMapping)).toBe('steps.1.inputs.1.value');
    expect(flowRowPath('steps.0.key', rowOfMapping)).toBe('steps.0.key');
  });

  it('names new steps with a free key and moves steps', () => {
    expect(emptyFlowForm().steps.map((s) => s.key)).toEqual(['step_1']);
    expect(newStep(['step_2', 'step_1']).key).toBe('step_3');
    expect(newStep(['step_2']).key).toBe('step_3');
    expect(moveStep(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveStep(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });
});

describe('step references', () => {
  it('finds the steps a template uses', () => {
    expect(stepReferences('{{ steps.lookup.id }}-{{ steps["other"].x }} {{ mysteps.no }} {{ x.steps.no }}')).toEqual(['lookup', 'other']);
    expect(stepReferences('{% if steps.check.ok %}yes{% endif %}')).toEqual(['check']);
  });

  it('refuses a reference to this step or a later one, like the API', () => {
    expect(stepReferenceProblem('{{ steps.lookup.id }}', 'note', ['lookup'])).toBeNull();
    expect(stepReferenceProblem('{{ steps.note.id }}', 'note', ['lookup'])).toMatch(/this step itself/);
    expect(stepReferenceProblem('{{ steps.later.id }}', 'first', [])).toMatch(/first step/);
    expect(stepReferenceProblem('{{ steps.later.id }}', 'b', ['a'])).toMatch(/earlier steps: a/);
  });
});

describe('flow placeholders and variables', () => {
  it('offers earlier steps’ outputs, the variables in use and the trigger’s fields', () => {
    const values = formFromFlow(flow, actions);
    const groups = flowPlaceholders({ steps: values.steps, index: 1, actions, triggerTypes: [{ name: 'ticket.created', example: { ticket: { id: 'tk_1' }, steps: 'reserved' } }] });
    expect(groups.map((g) => g.label)).toEqual(['Step 1 · lookup (Find user)', 'Flow variables in use', 'Variables from ticket.created']);
    expect(groups[0].items.map((p) => [p.template, p.type])).toEqual([
      ['{{ steps.lookup.id }}', 'string'],
      ['{{ steps.lookup["order.name"] }}', 'integer'],
    ]);
    expect(groups[1].items.map((p) => p.template)).toEqual(['{{ email }}']);
    expect(groups[2].items.map((p) => p.template)).toEqual(['{{ ticket.id }}']);
    expect(flowPlaceholders({ steps: values.steps, index: 0, actions, triggerTypes: [] }).map((g) => g.label)).toEqual(['Flow variables in use']);
  });

  it('prefills Run now with the variables the steps use', () => {
    expect(flowVariables(flow.steps)).toEqual(['email']);
    expect(initialRunVariables(flow.steps, null)).toEqual({ email: '' });
    expect(initialRunVariables(flow.steps, { email: 'ada@example.com', other: 1 })).toEqual({ email: 'ada@example.com' });
  });
});

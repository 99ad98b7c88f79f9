import { describe, expect, it } from '@jest/globals';
import {
  contextTemplate,
  eventTypePlaceholders,
  filterGroups,
  flattenExample,
  identifierProblem,
  pathExpression,
  sampleText,
  schemaPlaceholders,
  stepOutputTemplate,
  templateRoots,
} from './template-placeholders';

const ticketCreated = {
  ticket: {
    id: 'tk_1',
    number: 1042,
    score: 4.5,
    urgent: false,
    assignee: null,
    customer: { email: 'ada@example.com', name: 'Ada' },
    tags: ['vip', 'billing'],
    messages: [{ id: 'm1', body: 'Hi' }, { id: 'm2', body: 'Hello' }],
    custom_fields: {},
    attachments: [],
  },
};

describe('flattenExample', () => {
  it('offers every leaf of the example as a template over the payload root, with its sample and type', () => {
    const placeholders = flattenExample(ticketCreated);
    expect(placeholders.map((p) => p.template)).toEqual([
      '{{ ticket.id }}',
      '{{ ticket.number }}',
      '{{ ticket.score }}',
      '{{ ticket.urgent }}',
      '{{ ticket.assignee }}',
      '{{ ticket.customer.email }}',
      '{{ ticket.customer.name }}',
      '{{ ticket.tags[0] }}',
      '{{ ticket.messages[0].id }}',
      '{{ ticket.messages[0].body }}',
    ]);
    expect(placeholders.find((p) => p.path === 'ticket.customer.email')).toEqual({
      template: '{{ ticket.customer.email }}',
      path: 'ticket.customer.email',
      type: 'string',
      sample: 'ada@example.com',
    });
    expect(placeholders.map((p) => p.type).slice(0, 5)).toEqual(['string', 'integer', 'number', 'boolean', 'null']);
  });

  it('quotes keys that are not identifiers, so the template reads them back', () => {
    const placeholders = flattenExample({ 'order.name': '#1002', data: { 'x-id': 7, '2fa': true }, 'top-level': 1 });
    expect(placeholders.map((p) => p.template)).toEqual(['{{ ["order.name"] }}', '{{ data["x-id"] }}', '{{ data["2fa"] }}', '{{ ["top-level"] }}']);
  });

  it('leaves out the roots the template scope replaces, and stops at the limit', () => {
    const placeholders = flattenExample({ event: { type: 'x' }, context: { a: 1 }, ticket: { id: 1 } }, { reserved: ['event', 'context'] });
    expect(placeholders.map((p) => p.path)).toEqual(['ticket.id']);
    expect(flattenExample({ a: 1, b: 2, c: 3 }, { limit: 2 })).toHaveLength(2);
  });

  it('puts a prefix in front of every path and offers nothing for a payload without fields', () => {
    expect(flattenExample({ id: 'u1' }, { prefix: ['context', 'customer'] }).map((p) => p.template)).toEqual(['{{ context.customer.id }}']);
    expect(flattenExample(null)).toEqual([]);
    expect(flattenExample('text')).toEqual([]);
    expect(flattenExample({})).toEqual([]);
  });
});

describe('schemaPlaceholders and eventTypePlaceholders', () => {
  const schema = {
    type: 'object',
    properties: {
      ticket: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          priority: { type: ['string', 'null'] },
          items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
          meta: { type: 'object' },
        },
      },
    },
  };

  it('walks properties and array items of a JSON schema', () => {
    expect(schemaPlaceholders(schema).map((p) => [p.template, p.type])).toEqual([
      ['{{ ticket.id }}', 'string'],
      ['{{ ticket.priority }}', 'string'],
      ['{{ ticket.items[0].sku }}', 'string'],
    ]);
  });

  it('adds the schema fields the example lacks after the example’s own', () => {
    const placeholders = eventTypePlaceholders({ example: { ticket: { id: 'tk_1' } }, schema });
    expect(placeholders.map((p) => p.path)).toEqual(['ticket.id', 'ticket.priority', 'ticket.items[0].sku']);
    expect(placeholders[0].sample).toBe('tk_1');
    expect(eventTypePlaceholders({ example: null, schema: null })).toEqual([]);
  });
});

describe('step and context templates', () => {
  it('writes the references flows and automations understand', () => {
    expect(stepOutputTemplate('lookup', 'id')).toBe('{{ steps.lookup.id }}');
    expect(stepOutputTemplate('lookup', 'order.name')).toBe('{{ steps.lookup["order.name"] }}');
    expect(contextTemplate('customer', 'id')).toBe('{{ context.customer.id }}');
    expect(pathExpression(['items', 0, 'id'])).toBe('items[0].id');
  });
});

describe('templateRoots', () => {
  it('finds the variables a template prints or tests, not steps paths, filters or literals', () => {
    expect(templateRoots('{{ email }}')).toEqual(['email']);
    expect(templateRoots('Hi {{ contact.first_name | default: fallback }} ({{ steps.lookup.id }})')).toEqual(['contact', 'steps']);
    expect(templateRoots('{% if plan == "pro" and active %}{{ account_id }}{% endif %}')).toEqual(['plan', 'active', 'account_id']);
    expect(templateRoots('{{ "literal" }} {{ 42 }} {{ a[0].b }} {{ x["y.z"] }}')).toEqual(['a', 'x']);
    expect(templateRoots('no templates')).toEqual([]);
  });
});

describe('filterGroups and sampleText', () => {
  const groups = [
    { label: 'Event', items: flattenExample(ticketCreated) },
    { label: 'Empty', items: [] },
  ];

  it('filters by path or sample and drops empty groups', () => {
    expect(filterGroups(groups, '').map((g) => g.label)).toEqual(['Event']);
    expect(filterGroups(groups, 'EMAIL')[0].items.map((p) => p.path)).toEqual(['ticket.customer.email']);
    expect(filterGroups(groups, 'ada@')[0].items.map((p) => p.path)).toEqual(['ticket.customer.email']);
    expect(filterGroups(groups, 'nothing like this')).toEqual([]);
  });

  it('shows samples short', () => {
    expect(sampleText('x'.repeat(50), 10)).toBe('xxxxxxxxx…');
    expect(sampleText(null)).toBe('null');
    expect(sampleText(undefined)).toBe('');
  });

  it('shows strings as they are, other values as JSON, shortened (the output picker\'s candidates)', () => {
    expect(sampleText('VAL-123', 60)).toBe('VAL-123');
    expect(sampleText(12, 60)).toBe('12');
    expect(sampleText(null, 60)).toBe('null');
    expect(sampleText('x'.repeat(80), 60)).toHaveLength(60);
  });
});

describe('identifierProblem', () => {
  it('follows the API rule for step keys and storeAs names', () => {
    expect(identifierProblem('lookup_user', 'The key')).toBeNull();
    expect(identifierProblem('a1', 'The key')).toBeNull();
    for (const bad of ['Lookup', '1st', '_x', 'x_', 'a-b', '']) expect(identifierProblem(bad, 'The key')).toMatch(/^The key uses lowercase/);
    expect(identifierProblem('a'.repeat(65), 'The key')).toMatch(/64/);
  });
});

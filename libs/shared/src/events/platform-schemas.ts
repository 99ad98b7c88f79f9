import type { JsonObject } from '../json';

/** A JSON Schema (draft-07 keywords), as stored on an event type. */
export type JsonSchema = JsonObject;

/*
 * JSON Schemas of the platform's own events. They drive the console's placeholder menu and let the
 * API check payloads, so they require only what every producer sends and leave objects open
 * (`additionalProperties` is not restricted): custom fields and new attributes must not break
 * publishing.
 */

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

const str = (description?: string): JsonSchema => (description ? { type: 'string', description } : { type: 'string' });
const nullableStr = (): JsonSchema => ({ type: ['string', 'null'] });
const dateTime = (): JsonSchema => ({ type: 'string', format: 'date-time' });
const nullableDateTime = (): JsonSchema => ({ type: ['string', 'null'], format: 'date-time' });
const int = (): JsonSchema => ({ type: 'integer' });
const enumOf = (...values: string[]): JsonSchema => ({ type: 'string', enum: values });
const strings = (): JsonSchema => ({ type: 'array', items: { type: 'string' } });

function obj(properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema {
  return { type: 'object', properties, required };
}

function nullable(schema: JsonSchema): JsonSchema {
  return { anyOf: [schema, { type: 'null' }] };
}

function eventSchema(title: string, properties: Record<string, JsonSchema>, required?: string[]): JsonSchema {
  return { $schema: DRAFT_07, title, ...obj(properties, required) };
}

/** `{ field: { from, to } }` for top-level fields, or nested by object (custom_fields.x). */
const changes = (): JsonSchema => ({
  type: 'object',
  description: 'Changed fields: { "<field>": { "from": old, "to": new } }, nested for object fields',
  additionalProperties: { type: 'object' },
});

const contactRef = (): JsonSchema => obj({ id: str(), email: nullableStr(), first_name: nullableStr(), last_name: nullableStr() }, ['id']);
const teammateRef = (): JsonSchema => obj({ id: str(), name: str(), email: str() }, ['id']);
const departmentRef = (): JsonSchema => obj({ id: str(), name: str() });

const contact = (): JsonSchema =>
  obj(
    {
      id: str(),
      first_name: nullableStr(),
      last_name: nullableStr(),
      email: nullableStr(),
      phone: nullableStr(),
      language: nullableStr(),
      tags: strings(),
      custom_fields: { type: 'object', description: 'Custom field values by field key' },
      created_at: dateTime(),
      updated_at: dateTime(),
    },
    ['id', 'created_at'],
  );

const teammate = (): JsonSchema =>
  obj(
    {
      id: str(),
      name: nullableStr(),
      email: str(),
      role: enumOf('owner', 'admin', 'agent', 'viewer'),
      status: enumOf('invited', 'active', 'removed'),
      department_ids: strings(),
      created_at: dateTime(),
    },
    ['id', 'email', 'role', 'status'],
  );

const department = (): JsonSchema =>
  obj(
    {
      id: str(),
      name: str(),
      routing: enumOf('round_robin', 'pooled', 'assigned'),
      bot_id: nullableStr(),
      teammate_ids: strings(),
      created_at: dateTime(),
      updated_at: dateTime(),
    },
    ['id', 'name'],
  );

const bot = (): JsonSchema =>
  obj(
    {
      id: str(),
      name: str(),
      type: enumOf('faq', 'flow'),
      language: str(),
      department_id: nullableStr(),
      enabled: { type: 'boolean' },
      created_at: dateTime(),
      updated_at: dateTime(),
    },
    ['id', 'name'],
  );

const TICKET_STATUSES = ['open', 'pending', 'on_hold', 'solved', 'closed'];
const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const CONVERSATION_STATUSES = ['open', 'snoozed', 'closed'];
const CHANNELS = ['web', 'whatsapp', 'telegram', 'messenger', 'instagram', 'email', 'sms', 'api'];

const ticket = (): JsonSchema =>
  obj(
    {
      id: str(),
      number: int(),
      subject: str(),
      status: enumOf(...TICKET_STATUSES),
      priority: enumOf(...TICKET_PRIORITIES),
      channel: enumOf(...CHANNELS),
      customer: contactRef(),
      assignee: nullable(teammateRef()),
      department: nullable(departmentRef()),
      tags: strings(),
      custom_fields: { type: 'object' },
      created_at: dateTime(),
      updated_at: dateTime(),
    },
    ['id', 'subject', 'status', 'priority', 'customer', 'tags', 'created_at', 'updated_at'],
  );

const conversation = (): JsonSchema =>
  obj(
    {
      id: str(),
      status: enumOf(...CONVERSATION_STATUSES),
      channel: enumOf(...CHANNELS),
      subject: nullableStr(),
      contact: contactRef(),
      assignee: nullable(teammateRef()),
      department: nullable(departmentRef()),
      bot: nullable(obj({ id: str(), name: str() })),
      tags: strings(),
      created_at: dateTime(),
      updated_at: dateTime(),
      closed_at: nullableDateTime(),
    },
    ['id', 'status', 'channel', 'contact', 'created_at'],
  );

const attachment = (): JsonSchema => obj({ name: str(), content_type: str(), size: int(), url: str() }, ['url']);

const message = (channel?: string): JsonSchema =>
  obj(
    {
      id: str(),
      conversation_id: str(),
      direction: enumOf('inbound', 'outbound'),
      channel: channel ? { type: 'string', const: channel } : enumOf(...CHANNELS),
      sender: obj({ type: enumOf('contact', 'teammate', 'bot'), id: str(), name: nullableStr(), address: nullableStr() }, ['type', 'id']),
      text: nullableStr(),
      attachments: { type: 'array', items: attachment() },
      created_at: dateTime(),
    },
    ['id', 'conversation_id', 'direction', 'channel', 'sender', 'created_at'],
  );

const ticketMessage = (): JsonSchema =>
  obj(
    {
      id: str(),
      ticket_id: str(),
      author: obj({ type: enumOf('customer', 'teammate', 'bot'), id: str(), name: nullableStr(), email: nullableStr() }, ['type', 'id']),
      visibility: enumOf('public', 'internal'),
      channel: enumOf(...CHANNELS),
      body_text: str(),
      attachments: { type: 'array', items: attachment() },
      created_at: dateTime(),
    },
    ['id', 'ticket_id', 'author', 'visibility', 'body_text', 'created_at'],
  );

/** Schema of `message.created` (any channel) or of `message.created.channel.<channel>`. */
export function messageCreatedSchema(channel?: string): JsonSchema {
  const conversationRef = obj({ id: str(), status: enumOf(...CONVERSATION_STATUSES), channel: str() }, ['id']);
  return eventSchema(channel ? `message.created.channel.${channel}` : 'message.created', {
    message: message(channel),
    conversation: conversationRef,
    contact: contactRef(),
  }, ['message', 'conversation']);
}

const disabledTarget = (title: string, label: 'url' | 'name'): JsonSchema =>
  eventSchema(title, {
    id: str(),
    [label]: str(),
    reason: str('Why the target was disabled, e.g. the last failure'),
    disabledAt: dateTime(),
    consecutiveFailures: int(),
  }, ['id', label, 'reason', 'disabledAt']);

const who = (): JsonSchema => teammateRef();

/** The platform schemas by event type name (message.created.channel.* come from messageCreatedSchema). */
export const PLATFORM_SCHEMAS: Record<string, JsonSchema> = {
  'conversation.created': eventSchema('conversation.created', { conversation: conversation() }),
  'conversation.updated': eventSchema('conversation.updated', { conversation: conversation(), changes: changes() }),
  'conversation.assigned': eventSchema('conversation.assigned', {
    conversation: conversation(),
    assignee: teammateRef(),
    previous_assignee: nullable(teammateRef()),
  }, ['conversation', 'assignee']),
  'conversation.closed': eventSchema('conversation.closed', {
    conversation: conversation(),
    closed_by: obj({ type: enumOf('teammate', 'bot', 'contact', 'system'), id: str() }, ['type']),
  }, ['conversation']),
  'message.created': messageCreatedSchema(),
  'contact.created': eventSchema('contact.created', { contact: contact() }),
  'contact.updated': eventSchema('contact.updated', { contact: contact(), changes: changes() }),
  'ticket.created': eventSchema('ticket.created', { ticket: ticket() }),
  'ticket.updated': eventSchema('ticket.updated', { ticket: ticket(), changes: changes() }),
  'ticket.message.created': eventSchema('ticket.message.created', { ticket: ticket(), message: ticketMessage() }),
  'bot.created': eventSchema('bot.created', { bot: bot() }),
  'bot.updated': eventSchema('bot.updated', { bot: bot(), changes: changes() }),
  'bot.deleted': eventSchema('bot.deleted', { bot: bot(), deleted_by: nullable(who()) }, ['bot']),
  'bot.handoff': eventSchema('bot.handoff', {
    bot: obj({ id: str(), name: str() }),
    conversation: conversation(),
    department: nullable(departmentRef()),
    reason: str('Why the bot handed over, e.g. visitor_requested_agent, no_answer, flow_step'),
    handed_off_at: dateTime(),
  }, ['bot', 'conversation', 'reason', 'handed_off_at']),
  'teammate.invited': eventSchema('teammate.invited', { teammate: teammate(), invited_by: who() }),
  'teammate.updated': eventSchema('teammate.updated', { teammate: teammate(), changes: changes() }),
  'teammate.removed': eventSchema('teammate.removed', { teammate: teammate(), removed_by: nullable(who()) }, ['teammate']),
  'department.created': eventSchema('department.created', { department: department() }),
  'department.updated': eventSchema('department.updated', { department: department(), changes: changes() }),
  'department.deleted': eventSchema('department.deleted', { department: department(), deleted_by: nullable(who()) }, ['department']),
  'webhook.disabled': disabledTarget('webhook.disabled', 'url'),
  'automation.disabled': disabledTarget('automation.disabled', 'name'),
};

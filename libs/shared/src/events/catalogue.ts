import { deepFreeze, type JsonObject } from '../json';
import { MESSAGE_CHANNELS, PLATFORM_EXAMPLES, exampleMessageCreated } from './platform-examples';
import { PLATFORM_SCHEMAS, messageCreatedSchema, type JsonSchema } from './platform-schemas';
import { TILEDESK_CHANNELS, TILEDESK_EXAMPLES, tiledeskMessageExample } from './tiledesk-examples';

/** One entry of the event catalogue (the contract's `EventType`). */
export interface EventTypeDefinition {
  /** Dotted name, e.g. `ticket.created`; see EVENT_TYPE_NAME_RULE. */
  readonly name: string;
  readonly description: string;
  /** A realistic payload, shown in the console and sent by `sendTestEvent`. */
  readonly example: JsonObject;
  /** JSON Schema (draft-07) of the payload, when the platform fixes its shape. */
  readonly schema?: JsonSchema;
}

type PlatformName = keyof typeof PLATFORM_EXAMPLES;
type TiledeskName = keyof typeof TILEDESK_EXAMPLES;

const PLATFORM_DESCRIPTIONS: Record<PlatformName, string> = {
  'conversation.created': 'A conversation was started by a contact on any channel.',
  'conversation.updated': 'A conversation changed (status, tags, department, subject); `changes` lists what changed.',
  'conversation.assigned': 'A conversation was assigned to a teammate (by routing, a bot handoff or by hand).',
  'conversation.closed': 'A conversation was closed; `closed_by` says who closed it.',
  'message.created': 'A message was sent or received in a conversation, on any channel.',
  'contact.created': 'A contact was created (first message from a new visitor, an import or the API).',
  'contact.updated': 'A contact changed (profile, tags or custom fields); `changes` lists what changed.',
  'ticket.created': 'A ticket was created.',
  'ticket.updated': 'A ticket changed (status, priority, assignee, tags, custom fields); `changes` lists what changed.',
  'ticket.message.created': 'A message was added to a ticket, by the customer or a teammate (public reply or internal note).',
  'bot.created': 'A bot was created.',
  'bot.updated': 'A bot was changed; `changes` lists what changed.',
  'bot.deleted': 'A bot was deleted.',
  'bot.handoff': 'A bot handed a conversation over to human teammates.',
  'teammate.invited': 'A teammate was invited to the workspace.',
  'teammate.updated': 'A teammate changed (role, departments, availability); `changes` lists what changed.',
  'teammate.removed': 'A teammate was removed from the workspace.',
  'department.created': 'A department was created.',
  'department.updated': 'A department was changed (name, routing, bot, teammates); `changes` lists what changed.',
  'department.deleted': 'A department was deleted.',
  'webhook.disabled':
    'System event: Conduit disabled a webhook after too many consecutive failures or days of failing. ' +
    'Re-enable it in the console; recoverDeliveries resends what failed.',
  'automation.disabled':
    'System event: Conduit disabled an automation after too many consecutive failures or days of failing.',
};

const TILEDESK_DESCRIPTIONS: Record<TiledeskName, string> = {
  'request.create': 'Tiledesk-compatible: a request (conversation) was created.',
  'request.update': 'Tiledesk-compatible: a request was updated (e.g. assigned: status 200).',
  'request.close': 'Tiledesk-compatible: a request was closed (status 1000).',
  'message.create': 'Tiledesk-compatible: a message was created (sent or received) in a request.',
  'lead.create': 'Tiledesk-compatible: a lead (contact) was created.',
  'faq.create': 'Tiledesk-compatible: a FAQ (bot intent) was created.',
  'faq.update': 'Tiledesk-compatible: a FAQ was updated.',
  'faq.delete': 'Tiledesk-compatible: a FAQ was deleted.',
  'faqbot.create': 'Tiledesk-compatible: a bot was created.',
  'faqbot.update': 'Tiledesk-compatible: a bot was updated.',
  'faqbot.delete': 'Tiledesk-compatible: a bot was deleted.',
  'department.create': 'Tiledesk-compatible: a department was created.',
  'department.update': 'Tiledesk-compatible: a department was updated.',
  'department.delete': 'Tiledesk-compatible: a department was deleted.',
  'project_user.invite': 'Tiledesk-compatible: a teammate was invited to the project.',
  'project_user.update': 'Tiledesk-compatible: a teammate was updated (role, availability).',
  'project_user.delete': 'Tiledesk-compatible: a teammate left the project.',
  'group.create': 'Tiledesk-compatible: a group of teammates was created.',
  'group.update': 'Tiledesk-compatible: a group was updated.',
  'group.delete': 'Tiledesk-compatible: a group was deleted.',
  'event.emit':
    'A custom event was emitted. Subscribe to one by name with "event.emit.<name>" (e.g. event.emit.typing.start); ' +
    'such custom types are accepted without being registered.',
  'operator.select':
    'Tiledesk-compatible: custom routing. Sent when a request needs an operator, with the available agents, ' +
    'so an external service can pick one.',
};

const CHANNEL_LABELS: Record<string, string> = {
  web: 'the web chat widget',
  chat21: 'the web chat widget (chat21)',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  messenger: 'Facebook Messenger',
  instagram: 'Instagram Direct',
  email: 'email',
  sms: 'SMS',
  form: 'a web form',
};

function buildCatalogue(): EventTypeDefinition[] {
  const entries: EventTypeDefinition[] = [];
  for (const name of Object.keys(PLATFORM_EXAMPLES) as PlatformName[]) {
    entries.push({ name, description: PLATFORM_DESCRIPTIONS[name], example: PLATFORM_EXAMPLES[name](), schema: PLATFORM_SCHEMAS[name] });
    if (name === 'message.created') {
      for (const channel of MESSAGE_CHANNELS) {
        entries.push({
          name: `message.created.channel.${channel}`,
          description: `A message was sent or received in a conversation on ${CHANNEL_LABELS[channel]} (the ${channel} variant of message.created).`,
          example: exampleMessageCreated(channel),
          schema: messageCreatedSchema(channel),
        });
      }
    }
  }
  for (const name of Object.keys(TILEDESK_EXAMPLES) as TiledeskName[]) {
    entries.push({ name, description: TILEDESK_DESCRIPTIONS[name], example: TILEDESK_EXAMPLES[name](), schema: undefined });
    if (name === 'message.create') {
      for (const channel of TILEDESK_CHANNELS) {
        entries.push({
          name: `message.create.request.channel.${channel}`,
          description: `Tiledesk-compatible: a message was created in a request on ${CHANNEL_LABELS[channel]}.`,
          example: tiledeskMessageExample(channel),
          schema: undefined,
        });
      }
    }
  }
  for (const entry of entries) {
    deepFreeze(entry.example);
    if (entry.schema) deepFreeze(entry.schema);
    Object.freeze(entry);
  }
  return entries;
}

/**
 * The standard event types every workspace's catalogue is seeded with: the platform's own events
 * (`ticket.created`, `message.created.channel.whatsapp`, …), the Tiledesk-compatible ones
 * (`request.create`, `message.create.request.channel.telegram`, …) and the system events
 * (`webhook.disabled`, `automation.disabled`). Deeply frozen: copy an example before changing it.
 */
export const STANDARD_EVENT_TYPES: readonly EventTypeDefinition[] = Object.freeze(buildCatalogue());

/** The names of {@link STANDARD_EVENT_TYPES}, in catalogue order. */
export const STANDARD_EVENT_TYPE_NAMES: readonly string[] = Object.freeze(STANDARD_EVENT_TYPES.map((t) => t.name));

const BY_NAME = new Map(STANDARD_EVENT_TYPES.map((t) => [t.name, t]));

/** The standard event type called `name`, if there is one. */
export function findStandardEventType(name: string): EventTypeDefinition | undefined {
  return BY_NAME.get(name);
}

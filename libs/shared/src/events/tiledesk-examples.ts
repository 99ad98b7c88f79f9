import type { JsonObject } from '../json';

/*
 * Example payloads of the Tiledesk-compatible events, shaped like Tiledesk's own models (Mongo
 * `_id`s, `id_project`, camelCase timestamps) so that integrations written for Tiledesk's REST hooks
 * keep working. Request statuses follow Tiledesk: 100 unassigned, 200 assigned, 1000 closed.
 */

/** Channels in `message.create.request.channel.<channel>` (Tiledesk names; `chat21` is the web widget). */
export const TILEDESK_CHANNELS = ['chat21', 'telegram', 'whatsapp', 'messenger', 'email', 'form'] as const;
export type TiledeskChannel = (typeof TILEDESK_CHANNELS)[number];

const PROJECT = '65f2a1c4e8b3d70012a4c9f1';
const CREATED = '2025-03-14T09:26:53.112Z';
const UPDATED = '2025-03-14T09:41:07.530Z';
const REQUEST_ID = 'support-group-65f2a1c4e8b3d70012a4c9f1-7c3e9a0b52d14f6e8a1b2c3d4e5f6a7b';
const AGENT_USER = '65f2a20be8b3d70012a4ca02';

const lead = (): JsonObject => ({
  _id: '65f2c9d1e8b3d70012a4d311',
  lead_id: 'c1f0e2b4-7a9d-4e3b-9c51-2d8f6a0b7e43',
  fullname: 'Maria Rossi',
  email: 'maria.rossi@example.com',
  phone: '+393471234567',
  id_project: PROJECT,
  attributes: { customer_tier: 'gold' },
  createdAt: CREATED,
  updatedAt: CREATED,
});

const department = (): JsonObject => ({
  _id: '65f2a1c4e8b3d70012a4c9f4',
  name: 'Support',
  routing: 'assigned',
  default: false,
  id_bot: '65f2a3e7e8b3d70012a4cb10',
  id_group: '65f2a55ee8b3d70012a4cc21',
  id_project: PROJECT,
  createdAt: '2024-06-20T08:00:00.000Z',
  updatedAt: UPDATED,
});

const request = (overrides: JsonObject = {}, channel: TiledeskChannel = 'chat21'): JsonObject => ({
  _id: '65f2c9d1e8b3d70012a4d318',
  request_id: REQUEST_ID,
  id_project: PROJECT,
  status: 100,
  first_text: 'Hi, my order #1002 arrived damaged. Can I get a replacement?',
  subject: 'Order #1002 arrived damaged',
  channel: { name: channel },
  department: department(),
  lead: lead(),
  participants: [],
  participantsAgents: [],
  participantsBots: [],
  hasBot: false,
  tags: [],
  location: { country: 'IT', city: 'Milano' },
  createdAt: CREATED,
  updatedAt: CREATED,
  ...overrides,
});

const message = (channel: TiledeskChannel = 'chat21'): JsonObject => ({
  _id: '65f2c9d2e8b3d70012a4d31c',
  sender: 'c1f0e2b4-7a9d-4e3b-9c51-2d8f6a0b7e43',
  senderFullname: 'Maria Rossi',
  recipient: REQUEST_ID,
  recipientFullname: 'Order #1002 arrived damaged',
  type: 'text',
  text: 'Hi, my order #1002 arrived damaged. Can I get a replacement?',
  channel_type: 'group',
  channel: { name: channel },
  status: 0,
  attributes: { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X)', sourcePage: 'https://shop.example.com/orders/1002' },
  id_project: PROJECT,
  request: request({}, channel),
  createdAt: CREATED,
  updatedAt: CREATED,
});

const faq = (): JsonObject => ({
  _id: '65f2b0a7e8b3d70012a4cd40',
  id_faq_kb: '65f2a3e7e8b3d70012a4cb10',
  intent_display_name: 'shipping_damage',
  question: 'My order arrived damaged, what do I do?',
  answer: 'Sorry about that! Send us a photo of the package and we will ship a replacement within 48 hours.',
  topic: 'shipping',
  id_project: PROJECT,
  createdBy: AGENT_USER,
  createdAt: CREATED,
  updatedAt: UPDATED,
});

const faqBot = (): JsonObject => ({
  _id: '65f2a3e7e8b3d70012a4cb10',
  name: 'Order Assistant',
  description: 'Answers order and shipping questions, hands over to Support',
  type: 'tilebot',
  language: 'it',
  public: false,
  trashed: false,
  id_project: PROJECT,
  createdBy: AGENT_USER,
  createdAt: '2024-07-01T12:30:00.000Z',
  updatedAt: UPDATED,
});

const projectUser = (overrides: JsonObject = {}): JsonObject => ({
  _id: '65f2a20be8b3d70012a4ca07',
  id_project: PROJECT,
  id_user: { _id: AGENT_USER, firstname: 'Luca', lastname: 'Bianchi', email: 'luca.bianchi@acme-shop.com' },
  role: 'agent',
  user_available: true,
  max_assigned_chat: 5,
  invitedBy: '65f2a1c4e8b3d70012a4c9ee',
  createdAt: '2024-06-20T08:00:00.000Z',
  updatedAt: UPDATED,
  ...overrides,
});

const group = (): JsonObject => ({
  _id: '65f2a55ee8b3d70012a4cc21',
  name: 'Tier 1 agents',
  members: [AGENT_USER, '65f2a1c4e8b3d70012a4c9ee'],
  trashed: false,
  id_project: PROJECT,
  createdBy: '65f2a1c4e8b3d70012a4c9ee',
  createdAt: '2024-06-20T08:05:00.000Z',
  updatedAt: UPDATED,
});

/** Payload of `message.create` and `message.create.request.channel.<channel>`. */
export const tiledeskMessageExample = (channel: TiledeskChannel = 'chat21'): JsonObject => message(channel);

/** The Tiledesk-compatible examples by event type name. */
export const TILEDESK_EXAMPLES = {
  'request.create': (): JsonObject => request(),
  'request.update': (): JsonObject =>
    request({ status: 200, participants: [AGENT_USER], participantsAgents: [AGENT_USER], updatedAt: UPDATED }),
  'request.close': (): JsonObject =>
    request({
      status: 1000,
      participants: [AGENT_USER],
      participantsAgents: [AGENT_USER],
      closed_at: '2025-03-14T10:02:31.004Z',
      closed_by: AGENT_USER,
      updatedAt: '2025-03-14T10:02:31.004Z',
    }),
  'message.create': (): JsonObject => message('chat21'),
  'lead.create': (): JsonObject => lead(),
  'faq.create': (): JsonObject => faq(),
  'faq.update': (): JsonObject => ({ ...faq(), answer: 'Sorry! Reply with a photo of the package: we ship a replacement within 24 hours.' }),
  'faq.delete': (): JsonObject => faq(),
  'faqbot.create': (): JsonObject => faqBot(),
  'faqbot.update': (): JsonObject => ({ ...faqBot(), description: 'Answers order, shipping and returns questions' }),
  'faqbot.delete': (): JsonObject => ({ ...faqBot(), trashed: true }),
  'department.create': (): JsonObject => department(),
  'department.update': (): JsonObject => ({ ...department(), routing: 'pooled' }),
  'department.delete': (): JsonObject => department(),
  'project_user.invite': (): JsonObject => ({
    email: 'luca.bianchi@acme-shop.com',
    role: 'agent',
    id_project: PROJECT,
    invitedBy: '65f2a1c4e8b3d70012a4c9ee',
    createdAt: CREATED,
  }),
  'project_user.update': (): JsonObject => projectUser({ user_available: false }),
  'project_user.delete': (): JsonObject => projectUser({ status: 'disabled' }),
  'group.create': (): JsonObject => group(),
  'group.update': (): JsonObject => ({ ...group(), name: 'Tier 1 agents (EU)' }),
  'group.delete': (): JsonObject => ({ ...group(), trashed: true }),
  'event.emit': (): JsonObject => ({
    _id: '65f2ca11e8b3d70012a4d402',
    name: 'typing.start',
    attributes: { request_id: REQUEST_ID, writer_id: 'c1f0e2b4-7a9d-4e3b-9c51-2d8f6a0b7e43' },
    id_project: PROJECT,
    project_user: '65f2c9d1e8b3d70012a4d315',
    createdBy: 'c1f0e2b4-7a9d-4e3b-9c51-2d8f6a0b7e43',
    status: 0,
    createdAt: CREATED,
    updatedAt: CREATED,
  }),
  'operator.select': (): JsonObject => ({
    id_project: PROJECT,
    departmentid: '65f2a1c4e8b3d70012a4c9f4',
    request: request(),
    available_agents: [
      { id_user: AGENT_USER, fullname: 'Luca Bianchi', assigned_request: 2 },
      { id_user: '65f2a1c4e8b3d70012a4c9ee', fullname: 'Giulia Conti', assigned_request: 4 },
    ],
    operators: [{ id_user: AGENT_USER }],
  }),
} as const satisfies Record<string, () => JsonObject>;

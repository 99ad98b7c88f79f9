import type { JsonObject } from '../json';

/*
 * Example payloads of the platform's own events (dotted, past tense). They describe one consistent
 * story so that templates and filters written against one example work on the others: Maria Rossi
 * writes about a damaged order, first on WhatsApp, then by email; a bot hands her over to Luca in
 * the Support department, and a ticket is opened.
 */

/** Channels of the platform's conversations, used in `message.created.channel.<channel>`. */
export const MESSAGE_CHANNELS = ['web', 'whatsapp', 'telegram', 'messenger', 'instagram', 'email', 'sms'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

const CREATED_AT = '2025-03-14T09:26:53.000Z';
const UPDATED_AT = '2025-03-14T09:41:07.000Z';
const CLOSED_AT = '2025-03-14T10:02:31.000Z';

export const exampleContact = (): JsonObject => ({
  id: 'ct_01HQ8Z4M7RFW2K',
  first_name: 'Maria',
  last_name: 'Rossi',
  email: 'maria.rossi@example.com',
  phone: '+393471234567',
  language: 'it',
  tags: ['vip', 'newsletter'],
  custom_fields: { height: 172, customer_tier: 'gold', shopify_customer_id: '7391048211' },
  created_at: '2024-11-02T15:04:11.000Z',
  updated_at: UPDATED_AT,
});

const contactRef = (): JsonObject => ({
  id: 'ct_01HQ8Z4M7RFW2K',
  email: 'maria.rossi@example.com',
  first_name: 'Maria',
  last_name: 'Rossi',
});

export const exampleTeammate = (): JsonObject => ({
  id: 'tm_01HP3V9D2XK7QA',
  name: 'Luca Bianchi',
  email: 'luca.bianchi@acme-shop.com',
  role: 'agent',
  status: 'active',
  department_ids: ['dep_01HN7C2R5T8YWE'],
  created_at: '2024-06-20T08:00:00.000Z',
});

const teammateRef = (): JsonObject => ({
  id: 'tm_01HP3V9D2XK7QA',
  name: 'Luca Bianchi',
  email: 'luca.bianchi@acme-shop.com',
});

const adminRef = (): JsonObject => ({ id: 'tm_01HM1A6W3E9RZP', name: 'Giulia Conti', email: 'giulia.conti@acme-shop.com' });

export const exampleDepartment = (): JsonObject => ({
  id: 'dep_01HN7C2R5T8YWE',
  name: 'Support',
  routing: 'round_robin',
  bot_id: 'bot_01HN7C9G4Q2VMS',
  teammate_ids: ['tm_01HP3V9D2XK7QA', 'tm_01HM1A6W3E9RZP'],
  created_at: '2024-06-20T08:00:00.000Z',
  updated_at: UPDATED_AT,
});

const departmentRef = (): JsonObject => ({ id: 'dep_01HN7C2R5T8YWE', name: 'Support' });

export const exampleBot = (): JsonObject => ({
  id: 'bot_01HN7C9G4Q2VMS',
  name: 'Order Assistant',
  type: 'flow',
  language: 'it',
  department_id: 'dep_01HN7C2R5T8YWE',
  enabled: true,
  created_at: '2024-07-01T12:30:00.000Z',
  updated_at: UPDATED_AT,
});

export const exampleTicket = (overrides: JsonObject = {}): JsonObject => ({
  id: 'tk_10482',
  number: 10482,
  subject: 'Order #1002 arrived damaged',
  status: 'open',
  priority: 'high',
  channel: 'email',
  customer: contactRef(),
  assignee: teammateRef(),
  department: departmentRef(),
  tags: ['damaged-item', 'order'],
  custom_fields: { order_number: '#1002', order_total: 89.9 },
  created_at: CREATED_AT,
  updated_at: CREATED_AT,
  ...overrides,
});

export const exampleConversation = (overrides: JsonObject = {}): JsonObject => ({
  id: 'cv_01HR2B6N8KD4TF',
  status: 'open',
  channel: 'whatsapp',
  subject: null,
  contact: contactRef(),
  assignee: null,
  department: departmentRef(),
  bot: { id: 'bot_01HN7C9G4Q2VMS', name: 'Order Assistant' },
  tags: [],
  created_at: CREATED_AT,
  updated_at: CREATED_AT,
  closed_at: null,
  ...overrides,
});

const CHANNEL_SENDERS: Record<MessageChannel, { address: string; text: string }> = {
  web: { address: 'visitor_9f2c41d7', text: 'Hi, my order #1002 arrived damaged. Can I get a replacement?' },
  whatsapp: { address: '+393471234567', text: 'Ciao! Il mio ordine #1002 è arrivato danneggiato.' },
  telegram: { address: '@maria_rossi', text: 'Hello, order #1002 arrived damaged, what should I do?' },
  messenger: { address: 'psid:4820193857261034', text: 'Hi! My order #1002 arrived broken.' },
  instagram: { address: 'igsid:17841405822304914', text: 'Hey, order #1002 came damaged 😞' },
  email: { address: 'maria.rossi@example.com', text: 'Hello,\n\nmy order #1002 arrived damaged. Photos attached.\n\nMaria' },
  sms: { address: '+393471234567', text: 'Order #1002 arrived damaged, please call me back.' },
};

export const exampleMessage = (channel: MessageChannel = 'whatsapp'): JsonObject => ({
  id: 'msg_01HR2B7K3PX9QW',
  conversation_id: 'cv_01HR2B6N8KD4TF',
  direction: 'inbound',
  channel,
  sender: { type: 'contact', id: 'ct_01HQ8Z4M7RFW2K', name: 'Maria Rossi', address: CHANNEL_SENDERS[channel].address },
  text: CHANNEL_SENDERS[channel].text,
  attachments:
    channel === 'email'
      ? [{ name: 'box.jpg', content_type: 'image/jpeg', size: 284113, url: 'https://files.example.com/att/box.jpg' }]
      : [],
  created_at: CREATED_AT,
});

/** Payload of `message.created` and of `message.created.channel.<channel>`. */
export const exampleMessageCreated = (channel: MessageChannel = 'whatsapp'): JsonObject => ({
  message: exampleMessage(channel),
  conversation: { id: 'cv_01HR2B6N8KD4TF', status: 'open', channel },
  contact: contactRef(),
});

export const exampleTicketMessage = (): JsonObject => ({
  id: 'tkm_01HR2C1Y6ZB3NE',
  ticket_id: 'tk_10482',
  author: { type: 'customer', id: 'ct_01HQ8Z4M7RFW2K', name: 'Maria Rossi', email: 'maria.rossi@example.com' },
  visibility: 'public',
  channel: 'email',
  body_text: 'The box was crushed and the mug inside is broken. Photos attached.',
  attachments: [{ name: 'box.jpg', content_type: 'image/jpeg', size: 284113, url: 'https://files.example.com/att/box.jpg' }],
  created_at: UPDATED_AT,
});

/** The platform examples by event type name. */
export const PLATFORM_EXAMPLES = {
  'conversation.created': (): JsonObject => ({ conversation: exampleConversation() }),
  'conversation.updated': (): JsonObject => ({
    conversation: exampleConversation({ tags: ['order'], updated_at: UPDATED_AT }),
    changes: { tags: { from: [], to: ['order'] } },
  }),
  'conversation.assigned': (): JsonObject => ({
    conversation: exampleConversation({ assignee: teammateRef(), updated_at: UPDATED_AT }),
    assignee: teammateRef(),
    previous_assignee: null,
  }),
  'conversation.closed': (): JsonObject => ({
    conversation: exampleConversation({ status: 'closed', assignee: teammateRef(), updated_at: CLOSED_AT, closed_at: CLOSED_AT }),
    closed_by: { type: 'teammate', ...teammateRef() },
  }),
  'message.created': (): JsonObject => exampleMessageCreated('whatsapp'),
  'contact.created': (): JsonObject => ({
    contact: { ...exampleContact(), tags: [], custom_fields: { height: 172 }, updated_at: '2024-11-02T15:04:11.000Z' },
  }),
  'contact.updated': (): JsonObject => ({
    contact: exampleContact(),
    changes: { custom_fields: { customer_tier: { from: 'silver', to: 'gold' } }, tags: { from: ['newsletter'], to: ['vip', 'newsletter'] } },
  }),
  'ticket.created': (): JsonObject => ({ ticket: exampleTicket() }),
  'ticket.updated': (): JsonObject => ({
    ticket: exampleTicket({ status: 'pending', priority: 'urgent', updated_at: UPDATED_AT }),
    changes: { status: { from: 'open', to: 'pending' }, priority: { from: 'high', to: 'urgent' } },
  }),
  'ticket.message.created': (): JsonObject => ({
    ticket: exampleTicket({ updated_at: UPDATED_AT }),
    message: exampleTicketMessage(),
  }),
  'bot.created': (): JsonObject => ({ bot: exampleBot() }),
  'bot.updated': (): JsonObject => ({ bot: exampleBot(), changes: { language: { from: 'en', to: 'it' } } }),
  'bot.deleted': (): JsonObject => ({ bot: { ...exampleBot(), enabled: false }, deleted_by: adminRef() }),
  'bot.handoff': (): JsonObject => ({
    bot: { id: 'bot_01HN7C9G4Q2VMS', name: 'Order Assistant' },
    conversation: exampleConversation({ updated_at: UPDATED_AT }),
    department: departmentRef(),
    reason: 'visitor_requested_agent',
    handed_off_at: UPDATED_AT,
  }),
  'teammate.invited': (): JsonObject => ({
    teammate: { ...exampleTeammate(), status: 'invited' },
    invited_by: adminRef(),
  }),
  'teammate.updated': (): JsonObject => ({ teammate: exampleTeammate(), changes: { role: { from: 'viewer', to: 'agent' } } }),
  'teammate.removed': (): JsonObject => ({ teammate: { ...exampleTeammate(), status: 'removed' }, removed_by: adminRef() }),
  'department.created': (): JsonObject => ({ department: exampleDepartment() }),
  'department.updated': (): JsonObject => ({
    department: exampleDepartment(),
    changes: { routing: { from: 'pooled', to: 'round_robin' } },
  }),
  'department.deleted': (): JsonObject => ({ department: exampleDepartment(), deleted_by: adminRef() }),
  'webhook.disabled': (): JsonObject => ({
    id: 'wh_01HR3D8M2QJ5TX',
    url: 'https://crm.example.com/hooks/conduit',
    reason: '100 consecutive failed attempts (last: HTTP 503 Service Unavailable)',
    disabledAt: '2025-03-15T02:17:44.000Z',
    consecutiveFailures: 100,
  }),
  'automation.disabled': (): JsonObject => ({
    id: 'au_01HR3E1K7VN4BZ',
    name: 'Fetch Shopify order on new ticket',
    reason: 'Failing continuously for 5 days (last: TIMEOUT after 10000 ms)',
    disabledAt: '2025-03-19T09:26:53.000Z',
    consecutiveFailures: 63,
  }),
} as const satisfies Record<string, () => JsonObject>;

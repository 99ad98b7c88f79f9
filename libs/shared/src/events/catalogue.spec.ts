import Ajv from 'ajv';
import { compileFilter } from '../filters/filter';
import { isPlainObject } from '../json';
import { STANDARD_EVENT_TYPES, STANDARD_EVENT_TYPE_NAMES, findStandardEventType, type EventTypeDefinition } from './catalogue';
import { isValidEventTypeName } from './names';
import { MESSAGE_CHANNELS } from './platform-examples';
import { TILEDESK_CHANNELS } from './tiledesk-examples';

const TILEDESK_EVENTS = [
  'request.create', 'request.update', 'request.close', 'message.create',
  'message.create.request.channel.chat21', 'message.create.request.channel.telegram',
  'message.create.request.channel.whatsapp', 'message.create.request.channel.messenger',
  'message.create.request.channel.email', 'lead.create',
  'faq.create', 'faq.update', 'faq.delete', 'faqbot.create', 'faqbot.update', 'faqbot.delete',
  'department.create', 'department.update', 'department.delete',
  'project_user.invite', 'project_user.update', 'project_user.delete',
  'group.create', 'group.update', 'group.delete', 'event.emit', 'operator.select',
];

const PLATFORM_EVENTS = [
  'ticket.created', 'ticket.updated', 'ticket.message.created', 'contact.created', 'contact.updated',
  'conversation.created', 'conversation.updated', 'conversation.assigned', 'conversation.closed',
  'message.created', 'message.created.channel.whatsapp', 'message.created.channel.web',
  'message.created.channel.telegram', 'message.created.channel.messenger', 'message.created.channel.email',
  'bot.created', 'bot.updated', 'bot.deleted', 'bot.handoff',
  'teammate.invited', 'teammate.updated', 'teammate.removed',
  'department.created', 'department.updated', 'department.deleted',
  'webhook.disabled', 'automation.disabled',
];

function get(name: string): EventTypeDefinition {
  const type = findStandardEventType(name);
  if (!type) throw new Error(`missing ${name}`);
  return type;
}

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      visit(key, item);
      walk(item, visit);
    }
  }
}

describe('STANDARD_EVENT_TYPES', () => {
  it.each([...TILEDESK_EVENTS, ...PLATFORM_EVENTS])('includes %s', (name) => {
    expect(STANDARD_EVENT_TYPE_NAMES).toContain(name);
  });

  it('has one channel variant per platform and Tiledesk channel', () => {
    for (const channel of MESSAGE_CHANNELS) expect(findStandardEventType(`message.created.channel.${channel}`)).toBeDefined();
    for (const channel of TILEDESK_CHANNELS) expect(findStandardEventType(`message.create.request.channel.${channel}`)).toBeDefined();
  });

  it('has unique names that follow the naming rule, and no custom event.emit.<name> types', () => {
    expect(new Set(STANDARD_EVENT_TYPE_NAMES).size).toBe(STANDARD_EVENT_TYPE_NAMES.length);
    for (const name of STANDARD_EVENT_TYPE_NAMES) {
      expect(isValidEventTypeName(name)).toBe(true);
      expect(name.startsWith('event.emit.')).toBe(false);
    }
  });

  it.each(STANDARD_EVENT_TYPES.map((t) => [t.name, t] as const))('%s has a description and a JSON example', (_name, type) => {
    expect(type.description.length).toBeGreaterThan(15);
    expect(isPlainObject(type.example)).toBe(true);
    expect(Object.keys(type.example).length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(type.example))).toEqual(type.example);
  });

  it('uses real ISO-8601 UTC timestamps in every example', () => {
    let checked = 0;
    for (const type of STANDARD_EVENT_TYPES) {
      walk(type.example, (key, value) => {
        if (!/(_at|At)$/.test(key) || value === null) return;
        expect(typeof value).toBe('string');
        expect(new Date(value as string).toISOString()).toBe(value);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('is frozen, so a user of the catalogue cannot change it for everyone', () => {
    const ticket = get('ticket.created').example.ticket as Record<string, unknown>;
    expect(() => {
      ticket.status = 'closed';
    }).toThrow(TypeError);
    expect(() => (STANDARD_EVENT_TYPES as EventTypeDefinition[]).push(get('ticket.created'))).toThrow(TypeError);
    expect(Object.isFrozen(get('ticket.created').schema)).toBe(true);
  });

  it('finds types by name', () => {
    expect(findStandardEventType('ticket.created')?.name).toBe('ticket.created');
    expect(findStandardEventType('ticket.craeted')).toBeUndefined();
  });
});

describe('examples', () => {
  it('describe a ticket with customer, status, priority and tags', () => {
    const { ticket } = get('ticket.created').example as { ticket: Record<string, unknown> };
    expect(ticket).toMatchObject({ id: expect.any(String), subject: expect.any(String), status: 'open', priority: 'high' });
    expect(ticket.customer).toEqual({ id: expect.any(String), email: expect.stringContaining('@'), first_name: 'Maria', last_name: 'Rossi' });
    expect(Array.isArray(ticket.tags)).toBe(true);
    expect(typeof ticket.created_at).toBe('string');
  });

  it('describe a contact with first_name, email and custom fields', () => {
    const { contact } = get('contact.updated').example as { contact: Record<string, unknown> };
    expect(contact).toMatchObject({ first_name: 'Maria', email: 'maria.rossi@example.com' });
    expect(contact.custom_fields).toMatchObject({ height: 172 });
  });

  it('tell one story: the ticket customer is the contact', () => {
    const contact = (get('contact.created').example.contact as Record<string, unknown>);
    for (const name of ['ticket.created', 'ticket.updated', 'ticket.message.created']) {
      const customer = (get(name).example.ticket as Record<string, Record<string, unknown>>).customer;
      expect(customer.id).toBe(contact.id);
      expect(customer.email).toBe(contact.email);
    }
  });

  it('carry the channel of each message.created.channel.<channel> variant', () => {
    for (const channel of MESSAGE_CHANNELS) {
      const example = get(`message.created.channel.${channel}`).example as Record<string, Record<string, unknown>>;
      expect(example.message.channel).toBe(channel);
      expect(example.conversation.channel).toBe(channel);
    }
    for (const channel of TILEDESK_CHANNELS) {
      const example = get(`message.create.request.channel.${channel}`).example as Record<string, Record<string, Record<string, unknown>>>;
      expect(example.channel.name).toBe(channel);
      expect(example.request.channel.name).toBe(channel);
    }
  });

  it('give the disabled-target system events their id, url or name, reason and time', () => {
    expect(Object.keys(get('webhook.disabled').example)).toEqual(expect.arrayContaining(['id', 'url', 'reason', 'disabledAt']));
    expect(Object.keys(get('automation.disabled').example)).toEqual(expect.arrayContaining(['id', 'name', 'reason', 'disabledAt']));
  });

  it('follow Tiledesk request statuses', () => {
    expect(get('request.create').example.status).toBe(100);
    expect(get('request.update').example.status).toBe(200);
    expect(get('request.close').example.status).toBe(1000);
  });

  it('work with the filters users are expected to write', () => {
    const urgentVip = compileFilter({ 'ticket.priority': { $in: ['high', 'urgent'] }, 'ticket.customer.email': { $regex: '@example\\.com$' } });
    expect(urgentVip(get('ticket.created').example)).toBe(true);
    expect(compileFilter({ 'contact.custom_fields.height': { $gt: 170 } })(get('contact.created').example)).toBe(true);
    expect(compileFilter({ 'changes.status.to': 'pending' })(get('ticket.updated').example)).toBe(true);
  });
});

describe('schemas', () => {
  const ajv = new Ajv({ strict: true, allErrors: true, validateFormats: false });
  const withSchema = STANDARD_EVENT_TYPES.filter((t) => t.schema);

  it('exist for every platform event', () => {
    for (const name of PLATFORM_EVENTS) expect(get(name).schema).toBeDefined();
    expect(withSchema.length).toBeGreaterThanOrEqual(PLATFORM_EVENTS.length);
  });

  it.each(withSchema.map((t) => [t.name, t] as const))('%s: schema compiles and accepts the example', (_name, type) => {
    const validate = ajv.compile(type.schema ?? {});
    expect(validate(type.example)).toBe(true);
  });

  it('refuse payloads that break the contract', () => {
    const validate = ajv.compile(get('ticket.created').schema ?? {});
    const ticket = get('ticket.created').example.ticket as Record<string, unknown>;
    expect(validate({ ticket: { ...ticket, priority: 'critical' } })).toBe(false);
    expect(validate({ ticket: { ...ticket, customer: undefined } })).toBe(false);
    expect(validate({})).toBe(false);
    const whatsapp = ajv.compile(get('message.created.channel.whatsapp').schema ?? {});
    expect(whatsapp(get('message.created.channel.telegram').example)).toBe(false);
  });
});

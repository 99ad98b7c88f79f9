import { catchConduitError } from '../errors';
import { EVENT_TYPE_NAME_RULE, isCustomEventType, isValidEventTypeName, validateEventTypeName } from './names';

describe('validateEventTypeName', () => {
  it.each(['ticket.created', 'message.created.channel.whatsapp', 'project_user.invite', 'a', 'x-1.y_2', 'a'.repeat(200)])(
    'accepts %j',
    (name) => {
      expect(() => validateEventTypeName(name)).not.toThrow();
      expect(isValidEventTypeName(name)).toBe(true);
    },
  );

  it.each([
    ['', 'is empty'],
    ['a'.repeat(201), 'is 201 characters long, the limit is 200'],
    ['ticket.*', 'contains a wildcard "*"'],
    ['message.**', 'contains a wildcard "*"'],
    ['.ticket', 'starts with "."'],
    ['ticket.', 'ends with "."'],
    ['ticket..created', 'has an empty segment (".." after "ticket")'],
    ['Ticket.Created', 'has uppercase letters in segment "Ticket" (use "ticket.created")'],
    ['ticket.created!', 'has the character "!" in segment "created!"'],
    ['ticket created', 'has the character " " in segment "ticket created"'],
    [' ticket.created', 'has leading or trailing whitespace'],
    ['ticket/created', 'has the character "/"'],
    ['tické.created', 'has the character "é"'],
  ])('rejects %j: it %s', (name, problem) => {
    const error = catchConduitError(() => validateEventTypeName(name, 'type'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`Invalid event type name ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name)}: it ${problem}`);
    expect(error.message).toContain(EVENT_TYPE_NAME_RULE);
    expect(error.details).toEqual({ field: 'type', rule: EVENT_TYPE_NAME_RULE });
    expect(isValidEventTypeName(name)).toBe(false);
  });

  it('rejects non-strings without quoting them', () => {
    expect(catchConduitError(() => validateEventTypeName(42)).message).toMatch(/^Invalid event type name: it must be a string, got number\./);
    expect(catchConduitError(() => validateEventTypeName(null)).message).toContain('got null');
    expect(catchConduitError(() => validateEventTypeName(undefined)).details).toMatchObject({ field: 'name' });
  });
});

describe('isCustomEventType', () => {
  it.each([
    ['event.emit.typing.start', true],
    ['event.emit.order_paid', true],
    ['event.emit', false],
    ['event.emit.', false],
    ['event.emit..x', false],
    ['event.emit.Typing', false],
    ['event.emit.*', false],
    ['event.emitter.x', false],
    ['ticket.created', false],
  ])('%j → %s', (name, expected) => {
    expect(isCustomEventType(name)).toBe(expected);
  });
});

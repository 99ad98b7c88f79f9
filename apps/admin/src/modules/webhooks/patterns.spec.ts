import { describe, expect, it } from '@jest/globals';
import { isPattern, matchesPattern, matchingTypes } from './patterns';

describe('matchesPattern', () => {
  it.each([
    ['ticket.created', 'ticket.created', true],
    ['ticket.created', 'ticket.updated', false],
    ['ticket.created', 'ticket.created.extra', false],
    ['message.created.channel.*', 'message.created.channel.whatsapp', true],
    ['message.created.channel.*', 'message.created.channel', false],
    ['message.created.channel.*', 'message.created.channel.whatsapp.x', false],
    ['message.**', 'message.created', true],
    ['message.**', 'message.created.channel.whatsapp', true],
    ['message.**', 'message', false],
    ['message.**', 'ticket.message.created', false],
    ['*.created', 'ticket.created', true],
    ['*.created', 'ticket.message.created', false],
    ['*', 'anything.at.all', true],
  ])('%s against %s: %s', (pattern, type, expected) => {
    expect(matchesPattern(pattern, type)).toBe(expected);
  });
});

describe('matchingTypes', () => {
  it('keeps the catalogue types any pattern matches, in catalogue order', () => {
    const types = [{ name: 'ticket.created' }, { name: 'message.created' }, { name: 'contact.created' }];
    expect(matchingTypes(['contact.created', 'message.**'], types).map((t) => t.name)).toEqual(['message.created', 'contact.created']);
    expect(matchingTypes([], types)).toEqual([]);
  });
});

describe('isPattern', () => {
  it('tells a wildcard pattern from an event type', () => {
    expect(isPattern('message.**')).toBe(true);
    expect(isPattern('ticket.created')).toBe(false);
  });
});

import { describe, expect, it } from '@jest/globals';
import { matchingTypes, patternProblem, patternsProblem } from './event-patterns';

/** Whether `pattern` matches `type`, through what the console uses. */
const matches = (pattern: string, type: string) => matchingTypes([pattern], [type]).length === 1;

describe('patternProblem', () => {
  it('accepts event types and wildcards', () => {
    for (const pattern of ['ticket.created', '*', 'message.created.channel.*', 'message.**', 'event.emit.typing-start', '*.created']) {
      expect(patternProblem(pattern)).toBeNull();
    }
  });

  it('explains what is wrong, in the API’s words', () => {
    expect(patternProblem('')).toMatch(/empty/);
    expect(patternProblem('ticket..created')).toMatch(/empty segment/);
    expect(patternProblem('ticket.**.x')).toMatch(/last segment/);
    expect(patternProblem('ticket.cr*')).toMatch(/whole segment/);
    expect(patternProblem('Ticket.Created')).toMatch(/uppercase letters \(use "ticket"\)/);
    expect(patternProblem('ticket created')).toMatch(/a-z, 0-9/);
    expect(patternProblem('a'.repeat(201))).toMatch(/200/);
    expect(patternProblem('ticket.cr*')).toBe('Invalid event pattern "ticket.cr*": it has the segment "cr*", which mixes "*" with other characters; a wildcard must be a whole segment.');
  });

  it('gives the first problem of a list', () => {
    expect(patternsProblem(['ticket.created', 'Ticket.Updated', 'x..y'])).toMatch(/^Invalid event pattern "Ticket.Updated"/);
    expect(patternsProblem(['ticket.created', 'message.**'])).toBeNull();
  });
});

describe('matchingTypes', () => {
  it.each([
    ['ticket.created', 'ticket.created', true],
    ['ticket.created', 'ticket.updated', false],
    ['ticket.created', 'ticket.created.extra', false],
    ['ticket.*', 'ticket.updated', true],
    ['ticket.*', 'ticket.message.created', false],
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
  ])('matches like the API: %s against %s: %s', (pattern, type, expected) => {
    expect(matches(pattern, type)).toBe(expected);
  });

  it('lists the catalogue types any pattern matches, in catalogue order', () => {
    const types = ['contact.created', 'ticket.created', 'ticket.updated', 'ticket.message.created'];
    expect(matchingTypes(['ticket.*'], types)).toEqual(['ticket.created', 'ticket.updated']);
    expect(matchingTypes(['ticket.**', 'contact.created'], types)).toEqual(types);
    expect(matchingTypes([], types)).toEqual([]);
  });

  it('keeps catalogue entries by their name, and ignores invalid patterns while they are typed', () => {
    const types = [{ name: 'ticket.created' }, { name: 'message.created' }, { name: 'contact.created' }];
    expect(matchingTypes(['contact.created', 'message.**'], types).map((t) => t.name)).toEqual(['message.created', 'contact.created']);
    expect(matchingTypes(['Ticket.*', 'ticket.cr*', 'contact.created'], types).map((t) => t.name)).toEqual(['contact.created']);
    expect(matchingTypes([], types)).toEqual([]);
  });
});

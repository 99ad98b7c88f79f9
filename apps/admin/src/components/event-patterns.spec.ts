import { describe, expect, it } from '@jest/globals';
import { matchingTypes, patternMatches, patternProblem } from './event-patterns';

describe('patternProblem', () => {
  it('accepts event types and wildcards', () => {
    for (const pattern of ['ticket.created', '*', 'message.created.channel.*', 'message.**', 'event.emit.typing-start', '*.created']) {
      expect(patternProblem(pattern)).toBeNull();
    }
  });

  it('explains what is wrong', () => {
    expect(patternProblem('')).toMatch(/empty/);
    expect(patternProblem('ticket..created')).toMatch(/empty segment/);
    expect(patternProblem('ticket.**.x')).toMatch(/last segment/);
    expect(patternProblem('ticket.cr*')).toMatch(/whole segment/);
    expect(patternProblem('Ticket.Created')).toMatch(/use "ticket.created"/);
    expect(patternProblem('ticket created')).toMatch(/a-z, 0-9/);
    expect(patternProblem('a'.repeat(201))).toMatch(/200/);
  });
});

describe('patternMatches and matchingTypes', () => {
  it('matches like the API: * one segment, ** one or more at the end, * alone everything', () => {
    expect(patternMatches('ticket.created', 'ticket.created')).toBe(true);
    expect(patternMatches('ticket.created', 'ticket.created.x')).toBe(false);
    expect(patternMatches('ticket.*', 'ticket.updated')).toBe(true);
    expect(patternMatches('ticket.*', 'ticket.message.created')).toBe(false);
    expect(patternMatches('message.**', 'message.created.channel.whatsapp')).toBe(true);
    expect(patternMatches('message.**', 'message')).toBe(false);
    expect(patternMatches('*', 'anything.at.all')).toBe(true);
  });

  it('lists the catalogue types any pattern matches, in catalogue order', () => {
    const types = ['contact.created', 'ticket.created', 'ticket.updated', 'ticket.message.created'];
    expect(matchingTypes(['ticket.*'], types)).toEqual(['ticket.created', 'ticket.updated']);
    expect(matchingTypes(['ticket.**', 'contact.created'], types)).toEqual(types);
    expect(matchingTypes([], types)).toEqual([]);
  });
});

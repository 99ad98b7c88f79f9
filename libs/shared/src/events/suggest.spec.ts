import { ConduitError } from '../errors';
import { STANDARD_EVENT_TYPE_NAMES } from './catalogue';
import { closestNames, editDistance, quoteAlternatives, unknownEventTypeError } from './suggest';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['ticket.created', 'ticket.created', 0],
    ['ticket.craeted', 'ticket.created', 1], // adjacent swap costs 1
    ['ticket.create', 'ticket.created', 1],
    ['ab', 'ba', 1],
    ['ca', 'abc', 3], // optimal string alignment: no edits on a transposed pair
  ])('%j → %j is %d', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });

  it('stops early and reports limit + 1 when the distance exceeds the limit', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
  });
});

describe('closestNames', () => {
  it.each([
    ['ticket.craeted', 'ticket.created'],
    ['ticket.create', 'ticket.created'],
    ['tickets.created', 'ticket.created'],
    ['Ticket.Created', 'ticket.created'],
    ['created.ticket', 'ticket.created'],
    ['message.created.channel.whatsap', 'message.created.channel.whatsapp'],
    ['message.create.channel.whatsapp', 'message.created.channel.whatsapp'],
    ['webhook.disable', 'webhook.disabled'],
    ['conversation.close', 'conversation.closed'],
    ['request.created', 'request.create'],
  ])('suggests %j first for %j', (typo, expected) => {
    expect(closestNames(typo, STANDARD_EVENT_TYPE_NAMES)[0]).toBe(expected);
  });

  it('offers the types below a bare prefix', () => {
    expect(closestNames('ticket', STANDARD_EVENT_TYPE_NAMES)).toEqual(['ticket.created', 'ticket.updated', 'ticket.message.created']);
  });

  it('returns nothing when no candidate is plausibly meant', () => {
    expect(closestNames('invoice.paid', STANDARD_EVENT_TYPE_NAMES)).toEqual([]);
    expect(closestNames('zzzz', ['ticket.created'])).toEqual([]);
    expect(closestNames('ticket.created', [])).toEqual([]);
  });

  it('returns at most max names, best first, without duplicates', () => {
    const candidates = ['$eq', '$neq', '$gt', '$gte', '$eq'];
    expect(closestNames('$eqq', candidates)).toEqual(['$eq', '$neq']);
    expect(closestNames('$gtee', candidates, 1)).toEqual(['$gte']);
    expect(closestNames('$eq', candidates, 0)).toEqual([]);
    expect(closestNames('$e', candidates, 10)).toEqual(['$eq', '$gt', '$gte', '$neq']);
  });

  it('drops typo matches more than one edit worse than the best', () => {
    expect(closestNames('abcdef', ['abcdeg', 'abcxyz', 'abcdxz'])).toEqual(['abcdeg', 'abcdxz']);
  });

  it('breaks ties by the longer shared prefix', () => {
    expect(closestNames('$ne', ['$eq', '$neq'])).toEqual(['$neq', '$eq']);
  });
});

describe('quoteAlternatives', () => {
  it('joins quoted names with commas and a final "or"', () => {
    expect(quoteAlternatives([])).toBe('');
    expect(quoteAlternatives(['a'])).toBe('"a"');
    expect(quoteAlternatives(['a', 'b'])).toBe('"a" or "b"');
    expect(quoteAlternatives(['a', 'b', 'c'])).toBe('"a", "b" or "c"');
  });
});

describe('unknownEventTypeError', () => {
  it('names the type and its closest match', () => {
    const error = unknownEventTypeError('ticket.craeted', STANDARD_EVENT_TYPE_NAMES);
    expect(error).toBeInstanceOf(ConduitError);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('Unknown event type "ticket.craeted". Did you mean "ticket.created"?');
    expect(error.details).toEqual({ type: 'ticket.craeted', suggestions: ['ticket.created'] });
  });

  it('lists several matches when several are close', () => {
    const error = unknownEventTypeError('ticket', STANDARD_EVENT_TYPE_NAMES);
    expect(error.message).toBe('Unknown event type "ticket". Did you mean "ticket.created", "ticket.updated" or "ticket.message.created"?');
  });

  it('explains how to proceed when nothing is close', () => {
    const error = unknownEventTypeError('invoice.paid', STANDARD_EVENT_TYPE_NAMES);
    expect(error.message).toMatch(/^Unknown event type "invoice\.paid"\. Register it .*registerEventType.*"event\.emit\.<name>"/);
    expect(error.details).toEqual({ type: 'invoice.paid', suggestions: [] });
  });
});

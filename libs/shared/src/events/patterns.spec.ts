import { catchConduitError, ConduitError } from '../errors';
import { STANDARD_EVENT_TYPE_NAMES } from './catalogue';
import {
  EVENT_PATTERN_RULE,
  compilePatterns,
  patternCouldMatch,
  patternMatches,
  validatePattern,
  validatePatterns,
} from './patterns';

/** Straightforward recursive definition of the pattern semantics, to check the trie against. */
function reference(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split('.');
  const t = type.split('.');
  const go = (i: number, j: number): boolean => {
    if (i === p.length) return j === t.length;
    if (p[i] === '**') return j < t.length;
    if (j === t.length) return false;
    return (p[i] === '*' || p[i] === t[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

describe('patternMatches', () => {
  it.each([
    ['ticket.created', 'ticket.created', true],
    ['ticket.created', 'ticket.updated', false],
    ['ticket.created', 'ticket.created.x', false],
    ['ticket.created', 'ticket', false],
    ['*', 'ticket', true],
    ['*', 'message.created.channel.whatsapp', true],
    ['**', 'ticket', true],
    ['**', 'a.b.c', true],
    ['ticket.*', 'ticket.created', true],
    ['ticket.*', 'ticket', false],
    ['ticket.*', 'ticket.message.created', false],
    ['ticket.*', 'tickets.created', false],
    ['*.created', 'ticket.created', true],
    ['*.created', 'contact.created', true],
    ['*.created', 'ticket.message.created', false],
    ['*.*', 'ticket.created', true],
    ['*.*', 'ticket', false],
    ['message.created.channel.*', 'message.created.channel.whatsapp', true],
    ['message.created.channel.*', 'message.created', false],
    ['message.created.channel.*', 'message.created.channel.whatsapp.extra', false],
    ['message.*.channel.whatsapp', 'message.created.channel.whatsapp', true],
    ['message.**', 'message.created', true],
    ['message.**', 'message.created.channel.whatsapp', true],
    ['message.**', 'message', false],
    ['message.**', 'messages.created', false],
    ['message.**', 'ticket.message.created', false],
    ['*.**', 'ticket.created', true],
    ['*.**', 'ticket', false],
    ['event.emit.**', 'event.emit.typing.start', true],
    ['event.emit.*', 'event.emit.typing.start', false],
  ])('%j on %j → %s', (pattern, type, expected) => {
    expect(patternMatches(pattern, type)).toBe(expected);
    expect(reference(pattern, type)).toBe(expected);
  });

  it('throws on an invalid pattern', () => {
    expect(() => patternMatches('ticket.**.x', 'ticket.a.x')).toThrow(ConduitError);
  });
});

describe('validatePattern', () => {
  it.each(['ticket.created', '*', '**', 'ticket.*', '*.created', 'message.created.channel.*', 'message.**', 'a.*.**', 'project_user.in-vite'])(
    'accepts %j',
    (pattern) => expect(() => validatePattern(pattern)).not.toThrow(),
  );

  it.each([
    ['', 'is empty'],
    ['ticket..created', 'has an empty segment'],
    ['.ticket', 'has an empty segment'],
    ['ticket.', 'has an empty segment'],
    ['**.created', 'has "**" before its last segment; "**" may only be the last one'],
    ['message.**.whatsapp', 'has "**" before its last segment'],
    ['ticket.creat*', 'has the segment "creat*", which mixes "*" with other characters'],
    ['ticket.***', 'has the segment "***", which mixes "*"'],
    ['Ticket.created', 'has the segment "Ticket" with uppercase letters (use "ticket")'],
    ['ticket.cre ated', 'has the segment "cre ated" with characters other than'],
    ['ticket.#', 'has the segment "#" with characters other than'],
    ['a'.repeat(201), 'is 201 characters long'],
  ])('rejects %j: it %s', (pattern, problem) => {
    const error = catchConduitError(() => validatePattern(pattern));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`Invalid event pattern ${JSON.stringify(pattern)}: it ${problem}`);
    expect(error.message).toContain(EVENT_PATTERN_RULE);
    expect(error.details).toEqual({ field: 'events', pattern });
  });

  it('rejects non-strings', () => {
    expect(catchConduitError(() => validatePattern(7, 'patterns')).message).toMatch(/^Invalid event pattern: it must be a string, got number/);
    expect(catchConduitError(() => validatePattern(null)).details).toEqual({ field: 'events', pattern: null });
  });
});

describe('validatePatterns', () => {
  it('accepts a non-empty list of valid patterns', () => {
    expect(() => validatePatterns(['ticket.created', 'message.**'])).not.toThrow();
  });

  it.each([[[]], [null], ['ticket.created']])('rejects %j as not a non-empty list', (value) => {
    expect(catchConduitError(() => validatePatterns(value)).message).toMatch(/^events must be a non-empty list of event patterns/);
  });

  it('names the first invalid pattern', () => {
    expect(catchConduitError(() => validatePatterns(['ticket.created', 'ticket.**.x'])).message).toContain('"ticket.**.x"');
  });
});

describe('compilePatterns', () => {
  it('matches a type when any pattern matches', () => {
    const matches = compilePatterns(['ticket.created', 'message.created.channel.*', 'contact.**']);
    expect(matches('ticket.created')).toBe(true);
    expect(matches('message.created.channel.sms')).toBe(true);
    expect(matches('contact.updated')).toBe(true);
    expect(matches('contact.custom.field.changed')).toBe(true);
    expect(matches('contact')).toBe(false);
    expect(matches('ticket.updated')).toBe(false);
    expect(matches('message.created')).toBe(false);
  });

  it('explores literal and wildcard branches of shared prefixes', () => {
    const matches = compilePatterns(['a.*.c', 'a.b.d', 'a.b.**']);
    expect(matches('a.b.c')).toBe(true);
    expect(matches('a.x.c')).toBe(true);
    expect(matches('a.b.d')).toBe(true);
    expect(matches('a.b.e.f')).toBe(true);
    expect(matches('a.x.d')).toBe(false);
    expect(matches('a.b')).toBe(false);
  });

  it('matches nothing for an empty list and everything with "*" or "**"', () => {
    expect(compilePatterns([])('ticket.created')).toBe(false);
    expect(compilePatterns(['ticket.created', '*'])('anything.at.all')).toBe(true);
    expect(compilePatterns(['**'])('x')).toBe(true);
  });

  it('handles odd types without throwing', () => {
    const matches = compilePatterns(['*.*', 'a.**']);
    expect(matches('')).toBe(false);
    expect(matches('a.')).toBe(true);
    expect(matches('.')).toBe(true);
    expect(compilePatterns(['ticket.created', 'x'])('')).toBe(false);
  });

  it('validates every pattern up front', () => {
    expect(() => compilePatterns(['ticket.created', 'Ticket.*'])).toThrow('has the segment "Ticket" with uppercase letters');
  });

  it('agrees with the reference semantics on many generated patterns and types', () => {
    const words = ['a', 'b', 'c'];
    const types: string[] = [];
    const build = (prefix: string[], depth: number): void => {
      if (prefix.length > 0) types.push(prefix.join('.'));
      if (depth === 0) return;
      for (const w of words) build([...prefix, w], depth - 1);
    };
    build([], 4);
    const patterns: string[] = [];
    const buildPatterns = (prefix: string[], depth: number): void => {
      if (prefix.length > 0) patterns.push(prefix.join('.'), `${prefix.join('.')}.**`);
      if (depth === 0) return;
      for (const w of ['a', 'b', '*']) buildPatterns([...prefix, w], depth - 1);
    };
    buildPatterns([], 3);
    for (const pattern of patterns) {
      const single = compilePatterns([pattern]);
      for (const type of types) expect(single(type)).toBe(reference(pattern, type));
    }
    for (let i = 0; i + 3 < patterns.length; i += 3) {
      const group = patterns.slice(i, i + 4);
      const matches = compilePatterns(group);
      for (const type of types) expect(matches(type)).toBe(group.some((p) => reference(p, type)));
    }
  });

  it('stays fast with thousands of wildcard patterns and deep types', () => {
    const patterns = Array.from({ length: 3000 }, (_, i) => ['*', `s${i % 50}`, '*', '*', `t${i}`, '**'].join('.'));
    const matches = compilePatterns(patterns);
    const deep = Array.from({ length: 40 }, (_, i) => `s${i}`).join('.');
    const started = process.hrtime.bigint();
    let hits = 0;
    for (let i = 0; i < 2000; i++) if (matches(`x.s${i % 60}.y.z.t${i}.end`) || matches(deep)) hits++;
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(hits).toBe(Array.from({ length: 2000 }, (_, i) => i).filter((i) => i % 60 === i % 50).length);
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe('patternCouldMatch', () => {
  it.each([
    ['ticket.*', true],
    ['message.created.channel.*', true],
    ['*', true],
    ['**', true],
    ['tickets.*', false],
    ['ticket.created.*', false],
    ['event.emit.*', true],
    ['event.emit.**', true],
    ['event.**', true],
    ['*.emit.typing', true],
    ['event.*.typing', true],
    ['invoice.**', false],
  ])('%j → %s against the standard catalogue', (pattern, expected) => {
    expect(patternCouldMatch(pattern, STANDARD_EVENT_TYPE_NAMES)).toBe(expected);
  });

  it('counts custom event.emit.<name> types even when nothing is registered', () => {
    expect(patternCouldMatch('event.emit.typing.start', [])).toBe(true);
    expect(patternCouldMatch('event.emit', [])).toBe(false);
    expect(patternCouldMatch('event.*', [])).toBe(false);
    expect(patternCouldMatch('event.*', ['event.emit'])).toBe(true);
    expect(patternCouldMatch('ticket.created', ['ticket.created'])).toBe(true);
  });
});

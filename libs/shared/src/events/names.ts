import { badInput } from '../errors';

/** Longest event type name accepted. */
export const EVENT_TYPE_NAME_MAX_LENGTH = 200;

/** Prefix of custom events: `event.emit.<name>` is accepted without being registered. */
export const CUSTOM_EVENT_PREFIX = 'event.emit.';

/** The naming rule for event types, as shown to users in errors and in the console. */
export const EVENT_TYPE_NAME_RULE =
  'An event type name is 1 to 200 characters of dot-separated segments; each segment is one or more ' +
  'lowercase letters a-z, digits 0-9, "_" or "-" (e.g. "ticket.created", ' +
  '"message.created.channel.whatsapp"). No empty segments, no uppercase, no wildcards.';

const SEGMENT = /^[a-z0-9_-]+$/;

/** Why `name` breaks the naming rule, or null when it follows it. */
export function eventTypeNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `must be a string, got ${name === null ? 'null' : typeof name}`;
  if (name.length === 0) return 'is empty';
  if (name.length > EVENT_TYPE_NAME_MAX_LENGTH) {
    return `is ${name.length} characters long, the limit is ${EVENT_TYPE_NAME_MAX_LENGTH}`;
  }
  if (name.includes('*')) {
    return 'contains a wildcard "*"; wildcards belong in webhook and automation patterns, not in event type names';
  }
  if (name !== name.trim()) return 'has leading or trailing whitespace';
  const segments = name.split('.');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.length === 0) {
      if (i === 0) return 'starts with "."';
      if (i === segments.length - 1) return 'ends with "."';
      return `has an empty segment (".." after "${segments.slice(0, i).join('.')}")`;
    }
    if (SEGMENT.test(segment)) continue;
    if (SEGMENT.test(segment.toLowerCase())) {
      return `has uppercase letters in segment "${segment}" (use ${JSON.stringify(name.toLowerCase())})`;
    }
    const bad = [...segment].find((ch) => !SEGMENT.test(ch.toLowerCase())) ?? segment;
    return `has the character ${JSON.stringify(bad)} in segment "${segment}", which is not allowed`;
  }
  return null;
}

/** True when `name` follows {@link EVENT_TYPE_NAME_RULE}. */
export function isValidEventTypeName(name: unknown): name is string {
  return eventTypeNameProblem(name) === null;
}

/**
 * Throws BAD_USER_INPUT (with `field`, default "name") when `name` breaks
 * {@link EVENT_TYPE_NAME_RULE}; the message says what is wrong and restates the rule.
 */
export function validateEventTypeName(name: unknown, field = 'name'): asserts name is string {
  const problem = eventTypeNameProblem(name);
  if (problem === null) return;
  const subject =
    typeof name === 'string'
      ? `Invalid event type name ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name)}`
      : 'Invalid event type name';
  throw badInput(`${subject}: it ${problem}. ${EVENT_TYPE_NAME_RULE}`, field, { rule: EVENT_TYPE_NAME_RULE });
}

/**
 * True for custom events, `event.emit.<name>` with a valid `<name>` (which may itself be dotted,
 * e.g. `event.emit.typing.start`): they are accepted without being registered.
 */
export function isCustomEventType(name: string): boolean {
  return name.length > CUSTOM_EVENT_PREFIX.length && name.startsWith(CUSTOM_EVENT_PREFIX) && isValidEventTypeName(name);
}

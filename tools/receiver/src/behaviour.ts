/**
 * How the receiver answers. Every field is optional; defaults are in `DEFAULT_BEHAVIOUR`.
 * The order of evaluation for one request is: `hang`, `reset`, `garbage`, then `failFirst`, then
 * `errorRate`, then `status`; `latencyMs` delays whatever answer was chosen, and `dribbleMs`,
 * `bodyBytes`, `headerBytes` and `location` shape how it is written.
 */
export interface Behaviour {
  /** Status of a normal answer. Default 200. */
  status?: number;
  /** Delay before answering, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Answer `failStatus` to the first N requests (counted per behaviour), then `status`. Default 0. */
  failFirst?: number;
  /** Status of a failed answer (`failFirst`, `errorRate`). Default 500. */
  failStatus?: number;
  /** Never answer: the request is recorded and the connection stays open until the client gives up. */
  hang?: boolean;
  /** Probability (0..1) that a request after the `failFirst` ones is answered with `failStatus`. Default 0. */
  errorRate?: number;
  /** `Retry-After` header value sent with every non-2xx answer. */
  retryAfter?: string;
  /** Response body. Default empty. Sent as application/json when it starts with `{` or `[`. */
  body?: string;
  /**
   * Keep a record (method, path, headers, body) of every request. Default true. When false the
   * receiver only counts: nothing per request is kept, so it can take millions of requests.
   */
  recordBodies?: boolean;
  /** Hostile: drop the connection with a TCP reset instead of answering. */
  reset?: boolean;
  /** Hostile: write these bytes instead of an HTTP response (e.g. `"HELLO\r\n\r\n"`), then close. */
  garbage?: string;
  /**
   * Hostile: write the whole answer (status line, headers, body) one byte every `dribbleMs`
   * milliseconds. Default 0 (all at once).
   */
  dribbleMs?: number;
  /** Hostile: answer with a generated body of this many bytes (instead of `body`), streamed. */
  bodyBytes?: number;
  /** Hostile: add an `x-filler` header of this many bytes. */
  headerBytes?: number;
  /** `Location` header sent with every answer: with a 3xx `status`, a redirect (to itself: a loop). */
  location?: string;
}

/** A behaviour with every default filled in. */
export type ResolvedBehaviour = Required<Omit<Behaviour, 'retryAfter' | 'garbage' | 'location'>> & Pick<Behaviour, 'retryAfter' | 'garbage' | 'location'>;

export const DEFAULT_BEHAVIOUR: ResolvedBehaviour = {
  status: 200,
  latencyMs: 0,
  failFirst: 0,
  failStatus: 500,
  hang: false,
  errorRate: 0,
  body: '',
  recordBodies: true,
  reset: false,
  dribbleMs: 0,
  bodyBytes: 0,
  headerBytes: 0,
};

const BEHAVIOUR_KEYS = new Set<string>([
  'status',
  'latencyMs',
  'failFirst',
  'failStatus',
  'hang',
  'errorRate',
  'retryAfter',
  'body',
  'recordBodies',
  'reset',
  'garbage',
  'dribbleMs',
  'bodyBytes',
  'headerBytes',
  'location',
]);

/** Thrown for a behaviour that cannot be applied; the message names the field. */
export class InvalidBehaviourError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBehaviourError';
  }
}

/**
 * Checks an untrusted value (e.g. a JSON body posted to `/_behaviour`) and fills in the defaults.
 * Unknown fields are refused so that a typo (`latency` for `latencyMs`) does not pass silently.
 */
export function resolveBehaviour(value: unknown): ResolvedBehaviour {
  if (value === undefined) return { ...DEFAULT_BEHAVIOUR };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidBehaviourError('A behaviour must be a JSON object.');
  }
  const input = value as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !BEHAVIOUR_KEYS.has(key));
  if (unknown.length > 0) {
    throw new InvalidBehaviourError(
      `Unknown behaviour field(s): ${unknown.join(', ')}. Known: ${[...BEHAVIOUR_KEYS].join(', ')}.`,
    );
  }
  const resolved: ResolvedBehaviour = {
    status: statusField(input, 'status') ?? DEFAULT_BEHAVIOUR.status,
    latencyMs: integerField(input, 'latencyMs', 0, 600_000) ?? DEFAULT_BEHAVIOUR.latencyMs,
    failFirst: integerField(input, 'failFirst', 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_BEHAVIOUR.failFirst,
    failStatus: statusField(input, 'failStatus') ?? DEFAULT_BEHAVIOUR.failStatus,
    hang: booleanField(input, 'hang') ?? DEFAULT_BEHAVIOUR.hang,
    errorRate: rateField(input, 'errorRate') ?? DEFAULT_BEHAVIOUR.errorRate,
    body: stringField(input, 'body') ?? DEFAULT_BEHAVIOUR.body,
    recordBodies: booleanField(input, 'recordBodies') ?? DEFAULT_BEHAVIOUR.recordBodies,
    reset: booleanField(input, 'reset') ?? DEFAULT_BEHAVIOUR.reset,
    dribbleMs: integerField(input, 'dribbleMs', 0, 60_000) ?? DEFAULT_BEHAVIOUR.dribbleMs,
    bodyBytes: integerField(input, 'bodyBytes', 0, 4 * 1024 ** 3) ?? DEFAULT_BEHAVIOUR.bodyBytes,
    headerBytes: integerField(input, 'headerBytes', 0, 16 * 1024 ** 2) ?? DEFAULT_BEHAVIOUR.headerBytes,
  };
  for (const key of ['retryAfter', 'location'] as const) {
    const value = stringField(input, key);
    if (value === undefined) continue;
    if (/[\r\n]/.test(value)) throw new InvalidBehaviourError(`${key} must not contain CR or LF.`);
    resolved[key] = value;
  }
  const garbage = stringField(input, 'garbage');
  if (garbage !== undefined) resolved.garbage = garbage;
  return resolved;
}

/** Paths of the HTTP control surface; requests to them are not recorded nor counted. */
export const CONTROL_PATHS = ['/_stats', '/_requests', '/_behaviour', '/_reset'] as const;

/**
 * Checks a path prefix for a per-path behaviour. Prefixes match whole segments: `/hang` applies
 * to `/hang` and `/hang/x`, not to `/hangar`.
 */
export function normalisePathPrefix(prefix: string): string {
  if (!prefix.startsWith('/')) throw new InvalidBehaviourError(`A path prefix must start with "/": got "${prefix}".`);
  const normalised = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (CONTROL_PATHS.some((control) => pathMatches(normalised, control) && normalised !== '/')) {
    throw new InvalidBehaviourError(`"${prefix}" is a control path of the receiver, not a path it can answer on.`);
  }
  return normalised;
}

/** Whether `pathname` falls under `prefix` (as returned by `normalisePathPrefix`). */
export function pathMatches(prefix: string, pathname: string): boolean {
  if (prefix === '/') return true;
  return pathname === prefix || (pathname.startsWith(prefix) && pathname.charCodeAt(prefix.length) === 47 /* / */);
}

function integerField(input: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidBehaviourError(`${key} must be an integer from ${min} to ${max}: got ${JSON.stringify(value)}.`);
  }
  return value;
}

function statusField(input: Record<string, unknown>, key: string): number | undefined {
  return integerField(input, key, 200, 599);
}

function rateField(input: Record<string, unknown>, key: string): number | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidBehaviourError(`${key} must be a number from 0 to 1: got ${JSON.stringify(value)}.`);
  }
  return value;
}

function booleanField(input: Record<string, unknown>, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new InvalidBehaviourError(`${key} must be true or false: got ${JSON.stringify(value)}.`);
  return value;
}

function stringField(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidBehaviourError(`${key} must be a string: got ${JSON.stringify(value)}.`);
  return value;
}

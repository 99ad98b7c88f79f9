import { performance } from 'node:perf_hooks';
import { Liquid, Output, Tag, type Context, type LiquidOptions, type Template, type TagToken, type TopLevelToken } from 'liquidjs';
import { ConduitError, closestNames, isPlainObject } from '@conduit/shared';

/**
 * Limits that keep one template from hanging a worker or eating its memory. Rendering is
 * synchronous, so `renderTimeMs` is also the longest a template can hold the event loop.
 */
export interface TemplateLimits {
  /** Characters in one template (one field, or one string of a JSON body). */
  maxTemplateChars: number;
  /** Time for rendering every template of one request (or one standalone render call), in ms. */
  renderTimeMs: number;
  /** LiquidJS allocation units per render (range sizes, array filters, string building). */
  memoryLimit: number;
  /** Characters produced by every template of one request (or one standalone render call). */
  maxOutputChars: number;
}

/** Defaults of {@link TemplateLimits}: far above what a request template needs, far below harm. */
export const DEFAULT_TEMPLATE_LIMITS: Readonly<TemplateLimits> = Object.freeze({
  maxTemplateChars: 100_000,
  renderTimeMs: 250,
  memoryLimit: 1_000_000,
  maxOutputChars: 1_048_576,
});

/** Where a template lives, for error messages: `field` for machines, `label` for people. */
export interface TemplateLocation {
  /** Machine-readable place, e.g. `url`, `query[0].value`, `headers[1].key`, `body`. */
  field: string;
  /** Human-readable place, e.g. `URL`, `query "email"`, `header "Authorization"`. */
  label: string;
  /** For JSON bodies: the path of the string inside the body, e.g. `customer.email`. */
  path?: string;
}

/** What a template may refer to, checked when an action or integration is saved. */
export interface TemplateScopeRules {
  /** Allowed variable roots, e.g. `['input', 'credential']`; any root when absent. */
  knownRoots?: readonly string[];
  /** Declared names under `input` (input keys) and `credential` (auth field identifiers). */
  declared?: { input?: readonly string[]; credential?: readonly string[] };
}

/** One piece of rendered text: literal template text, or the output of one `{{ … }}`. */
export interface RenderedPiece {
  text: string;
  /** True when the text came out of a `{{ … }}` (or `echo`/`cycle`), i.e. from data. */
  templated: boolean;
}

/**
 * The budget shared by every template of one request: one deadline, one output allowance.
 * Create one per request with {@link TemplateRun.start}.
 */
export class TemplateRun {
  private outputChars = 0;

  private constructor(
    readonly limits: Readonly<TemplateLimits>,
    private readonly deadline: number,
  ) {}

  /** Starts a run with the given limits (defaults: {@link DEFAULT_TEMPLATE_LIMITS}). */
  static start(limits?: Partial<TemplateLimits>): TemplateRun {
    const merged = { ...DEFAULT_TEMPLATE_LIMITS, ...limits };
    return new TemplateRun(merged, performance.now() + merged.renderTimeMs);
  }

  /** Time left for rendering, in ms; throws a TEMPLATE_ERROR once it is spent. */
  remainingMs(location: TemplateLocation): number {
    const left = this.deadline - performance.now();
    if (left <= 0) throw templateError(location, this.tooSlow());
    return left;
  }

  /** Counts rendered characters; throws a TEMPLATE_ERROR past `maxOutputChars`. */
  useOutput(chars: number, location: TemplateLocation): void {
    this.outputChars += chars;
    if (this.outputChars > this.limits.maxOutputChars) {
      throw templateError(location, `the rendered request is larger than ${this.limits.maxOutputChars} characters`);
    }
  }

  /** The message for a render that ran out of time. */
  tooSlow(): string {
    return `the templates take longer than ${this.limits.renderTimeMs} ms to render (loops too large?)`;
  }
}

/** The TEMPLATE_ERROR every template problem is reported as. */
export function templateError(location: TemplateLocation, problem: string, variable?: string): ConduitError {
  const where = location.path === undefined ? location.label : `${location.label} at ${JSON.stringify(location.path)}`;
  const details: Record<string, unknown> = { errorCode: 'TEMPLATE_ERROR', field: location.field };
  if (location.path !== undefined) details.path = location.path;
  if (variable !== undefined) details.variable = variable;
  return new ConduitError('BAD_USER_INPUT', `Template error in ${where}: ${problem}`, details);
}

/** True when `source` holds Liquid syntax; text without it is used as it is, without parsing. */
export function hasTemplateSyntax(source: string): boolean {
  return source.includes('{{') || source.includes('{%');
}

// ---------------------------------------------------------------------------------------------
// The engines. Two LiquidJS instances with the same sandbox: `text` for text fields (every output
// passes through `captureOutput`, so the caller learns which characters came from data and can
// escape them for where they land), `typed` for a JSON string that is exactly one `{{ … }}`.

/** A problem found while writing one output, reported with the `{{ … }}` that caused it. */
class OutputProblem extends Error {}

const SINK = Symbol('conduit.templateSink');
const NONCE = Array.from({ length: 4 }, () => Math.floor(Math.random() * 0x1_0000_0000).toString(36)).join('');
const MARKER_OPEN = `\uE000${NONCE}:`;
const MARKER_CLOSE = '\uE001';
const MARKER = new RegExp(`${MARKER_OPEN}(\\d+)${MARKER_CLOSE}`, 'g');

/** Collects the values written by one render; each is replaced in the text by a marker. */
class OutputSink {
  private readonly values: string[] = [];

  constructor(
    private readonly run: TemplateRun,
    private readonly location: TemplateLocation,
  ) {}

  capture(value: unknown): string {
    let text = textOf(value);
    // `{% capture %}` output holds markers of its own outputs: store their text, not the markers.
    if (text.includes(MARKER_OPEN)) text = this.resolve(text);
    this.run.useOutput(text.length, this.location);
    this.values.push(text);
    return `${MARKER_OPEN}${this.values.length - 1}${MARKER_CLOSE}`;
  }

  resolve(text: string): string {
    return text.replace(MARKER, (_, index: string) => this.values[Number(index)] ?? '');
  }

  pieces(rendered: string): RenderedPiece[] {
    const pieces: RenderedPiece[] = [];
    let last = 0;
    for (const match of rendered.matchAll(MARKER)) {
      const at = match.index ?? 0;
      if (at > last) pieces.push({ text: rendered.slice(last, at), templated: false });
      pieces.push({ text: this.values[Number(match[1])] ?? '', templated: true });
      last = at + match[0].length;
    }
    if (last < rendered.length) pieces.push({ text: rendered.slice(last), templated: false });
    return pieces;
  }
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) throw new OutputProblem('renders a list; use one item of it, the join filter or the json filter');
  throw new OutputProblem('renders an object; use a field of it or the json filter');
}

function captureOutput(this: { context: Context }, value: unknown): string {
  const sink = (this.context.globals as Record<symbol, unknown>)[SINK];
  if (!(sink instanceof OutputSink)) throw new Error('template rendered without an output sink');
  return sink.capture(value);
}

/** `include`, `render` and `layout` would read other templates; request templates stand alone. */
class UnavailableTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new Error(`the ${token.name} tag is not available: a template cannot load other templates or files`);
  }

  render(): void {
    // never reached: construction fails
  }
}

function createEngine(extra: LiquidOptions): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // `{{ x | default: "…" }}` and `{% if x %}` may test a missing variable; printing one is an error.
    lenientIf: true,
    // An empty in-memory file system: nothing is ever read from disk.
    templates: {},
    relativeReference: false,
    // Backstops; the limits callers choose are enforced per render (see TemplateLimits).
    parseLimit: 1_000_000,
    renderLimit: 5_000,
    memoryLimit: 10_000_000,
    // Dates render the same whatever the server's time zone and locale.
    timezoneOffset: 0,
    locale: 'en-US',
    ...extra,
  });
  for (const name of ['include', 'render', 'layout']) engine.registerTag(name, UnavailableTag);
  return engine;
}

const textEngine = createEngine({ outputEscape: captureOutput });
// `raw` would skip outputEscape, and with it the checks and the escaping: make it a no-op filter.
textEngine.registerFilter('raw', (value: unknown) => value);
const typedEngine = createEngine({ keepOutputType: true });

/** Parsed templates are reused: the same action renders the same fields over and over. */
class ParseCache {
  private readonly entries = new Map<string, Template[]>();

  constructor(
    private readonly engine: Liquid,
    private readonly capacity: number,
  ) {}

  get(source: string, location: TemplateLocation, limits: Readonly<TemplateLimits>): Template[] {
    const hit = this.entries.get(source);
    if (hit) {
      this.entries.delete(source);
      this.entries.set(source, hit);
      return hit;
    }
    if (source.length > limits.maxTemplateChars) {
      throw templateError(location, `the template is longer than ${limits.maxTemplateChars} characters`);
    }
    let parsed: Template[];
    try {
      parsed = this.engine.parse(source);
    } catch (error) {
      throw templateError(location, describeParseError(error));
    }
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(source, parsed);
    return parsed;
  }
}

const textTemplates = new ParseCache(textEngine, 2_000);
const typedTemplates = new ParseCache(typedEngine, 2_000);

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `invalid template syntax: ${message}`;
}

// ---------------------------------------------------------------------------------------------
// Errors

interface ErrorChain {
  name?: unknown;
  message?: unknown;
  originalError?: unknown;
  variableName?: unknown;
  token?: { getText?: () => string };
}

function chainOf(error: unknown): ErrorChain[] {
  const chain: ErrorChain[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 10) {
    const link = current as ErrorChain;
    chain.push(link);
    current = link.originalError;
  }
  return chain;
}

function renderFailure(error: unknown, location: TemplateLocation, scope: Record<string, unknown>, run: TemplateRun): ConduitError {
  if (error instanceof ConduitError) return error;
  const chain = chainOf(error);
  const problem = chain.find((link): link is OutputProblem & ErrorChain => link instanceof OutputProblem);
  if (problem) {
    const expression = chain.map((link) => link.token?.getText?.()).find((text) => text !== undefined);
    return templateError(location, expression ? `${expression} ${problem.message}` : `a value ${problem.message}`);
  }
  const named = chain.find((link) => typeof link.variableName === 'string');
  const undefinedVariable = named ?? chain.find((link) => link.name === 'UndefinedVariableError');
  if (undefinedVariable) {
    const variable =
      typeof undefinedVariable.variableName === 'string'
        ? undefinedVariable.variableName
        : (/undefined variable: ([^,]+)/.exec(String(undefinedVariable.message))?.[1] ?? 'unknown');
    return templateError(location, `unknown variable ${JSON.stringify(variable)}${suggestion(variable, scope)}`, variable);
  }
  const messages = chain.map((link) => String(link.message ?? ''));
  if (messages.some((m) => m.includes('template render limit exceeded'))) return templateError(location, run.tooSlow());
  if (messages.some((m) => m.includes('memory alloc limit exceeded') || m.includes('Invalid string length'))) {
    return templateError(location, 'the template needs too much memory (a range, loop or string too large)');
  }
  return templateError(location, messages[0] || 'the template cannot be rendered');
}

/** ` (did you mean "ticket.customer.email"?)` when the scope holds a close name. */
function suggestion(variable: string, scope: Record<string, unknown>): string {
  if (!/^[\w.-]+$/.test(variable)) return '';
  const segments = variable.split('.');
  let parent: unknown = scope;
  for (const segment of segments.slice(0, -1)) {
    if (!isPlainObject(parent) || !Object.hasOwn(parent, segment)) return '';
    parent = parent[segment];
  }
  if (!isPlainObject(parent)) return '';
  const prefix = segments.slice(0, -1).join('.');
  const names = closestNames(segments[segments.length - 1], Object.keys(parent), 1);
  return names.length > 0 ? ` (did you mean ${JSON.stringify(prefix ? `${prefix}.${names[0]}` : names[0])}?)` : '';
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Parses one template and, given rules, checks the variables it uses; throws a TEMPLATE_ERROR. */
export function checkTemplate(source: string, location: TemplateLocation, rules: TemplateScopeRules = {}, limits?: Partial<TemplateLimits>): void {
  if (!hasTemplateSyntax(source)) return;
  const templates = textTemplates.get(source, location, { ...DEFAULT_TEMPLATE_LIMITS, ...limits });
  if (!rules.knownRoots && !rules.declared) return;
  for (const segments of textEngine.globalVariableSegmentsSync(templates)) {
    const root = segments[0];
    if (typeof root !== 'string') continue;
    const variable = formatSegments(segments);
    if (rules.knownRoots && !rules.knownRoots.includes(root)) {
      throw templateError(
        location,
        `unknown variable root ${JSON.stringify(root)} (in ${JSON.stringify(variable)}); available: ${rules.knownRoots.join(', ') || 'none'}`,
        variable,
      );
    }
    checkDeclared(root, segments[1], variable, location, rules);
  }
}

/**
 * The variables a template uses, as paths of their segments (`steps.create.validation_id` →
 * `["steps", "create", "validation_id"]`; bracketed keys as strings), with their printed form.
 * Throws a TEMPLATE_ERROR when the template does not parse.
 */
export function templateVariables(source: string, location: TemplateLocation, limits?: Partial<TemplateLimits>): { segments: (string | number)[]; variable: string }[] {
  if (!hasTemplateSyntax(source)) return [];
  const templates = textTemplates.get(source, location, { ...DEFAULT_TEMPLATE_LIMITS, ...limits });
  return textEngine.globalVariableSegmentsSync(templates).map((segments) => ({
    segments: segments.map((s) => (Array.isArray(s) ? formatSegments(s) : s)),
    variable: formatSegments(segments),
  }));
}

type Segment = string | number | Segment[];

function checkDeclared(root: string, name: Segment | undefined, variable: string, location: TemplateLocation, rules: TemplateScopeRules): void {
  if (root !== 'input' && root !== 'credential') return;
  const declared = rules.declared?.[root];
  if (!declared || typeof name !== 'string' || declared.includes(name)) return;
  const what = root === 'input' ? 'declared inputs' : 'auth fields';
  const close = closestNames(name, declared, 1);
  const hint = close.length > 0 ? ` (did you mean ${JSON.stringify(`${root}.${close[0]}`)}?)` : '';
  throw templateError(location, `unknown variable ${JSON.stringify(variable)}${hint}; ${what}: ${declared.join(', ') || 'none'}`, variable);
}

function formatSegments(segments: readonly Segment[]): string {
  let text = '';
  for (const segment of segments) {
    if (Array.isArray(segment)) text += `[${formatSegments(segment)}]`;
    else if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * Renders a text template into pieces, telling literal text from data so the caller can escape
 * data for where it lands. Unknown variables, objects and lists in text are TEMPLATE_ERRORs.
 */
export function renderPieces(source: string, scope: Record<string, unknown>, location: TemplateLocation, run: TemplateRun): RenderedPiece[] {
  if (!hasTemplateSyntax(source)) {
    run.useOutput(source.length, location);
    return source ? [{ text: source, templated: false }] : [];
  }
  const templates = textTemplates.get(source, location, run.limits);
  const sink = new OutputSink(run, location);
  let rendered: unknown;
  try {
    rendered = textEngine.renderSync(templates, scope, {
      globals: { [SINK]: sink },
      renderLimit: run.remainingMs(location),
      memoryLimit: run.limits.memoryLimit,
    });
  } catch (error) {
    throw renderFailure(error, location, scope, run);
  }
  const text = String(rendered);
  const pieces = sink.pieces(text);
  run.useOutput(pieces.reduce((sum, piece) => sum + (piece.templated ? 0 : piece.text.length), 0), location);
  return pieces;
}

/** Renders a template as text (strict: unknown variables, objects and lists are TEMPLATE_ERRORs). */
export function renderText(source: string, scope: Record<string, unknown>, location: TemplateLocation, run: TemplateRun = TemplateRun.start()): string {
  return renderPieces(source, scope, location, run)
    .map((piece) => piece.text)
    .join('');
}

/** True when `source` is exactly one `{{ … }}` output, which renders to a typed value. */
export function isSingleOutput(source: string, location: TemplateLocation, limits: Readonly<TemplateLimits> = DEFAULT_TEMPLATE_LIMITS): boolean {
  if (!hasTemplateSyntax(source)) return false;
  const templates = typedTemplates.get(source, location, limits);
  return templates.length === 1 && templates[0] instanceof Output;
}

/**
 * Renders a template keeping the value's type when it is exactly one `{{ … }}` (a number stays a
 * number, an object an object; undefined becomes null); any other template renders as text.
 */
export function renderValue(source: string, scope: Record<string, unknown>, location: TemplateLocation, run: TemplateRun = TemplateRun.start()): unknown {
  if (!isSingleOutput(source, location, run.limits)) return renderText(source, scope, location, run);
  const templates = typedTemplates.get(source, location, run.limits);
  let value: unknown;
  try {
    value = typedEngine.renderSync(templates, scope, { renderLimit: run.remainingMs(location), memoryLimit: run.limits.memoryLimit });
  } catch (error) {
    throw renderFailure(error, location, scope, run);
  }
  return value === undefined ? null : value;
}

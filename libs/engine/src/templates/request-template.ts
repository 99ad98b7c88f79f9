import { assertNever } from '@conduit/shared';
import { HTTP_METHODS, type HttpMethod } from '../http/sender';
import { checkJsonBody, renderJsonBody } from './json-body';
import { redactForms, secretForms } from './redact-secrets';
import {
  checkTemplate,
  renderPieces,
  renderText,
  templateError,
  TemplateRun,
  type TemplateLimits,
  type TemplateLocation,
  type TemplateScopeRules,
} from './template-engine';
import { appendQuery, assembleUrl, checkUrlLiteral } from './url-template';

/** Body types of a request template. */
export const BODY_TYPES = ['NONE', 'JSON', 'FORM', 'TEXT'] as const;
/** A request template's body type. */
export type BodyType = (typeof BODY_TYPES)[number];

/** One key/value row of a request template; both may hold `{{ templates }}`. */
export interface TemplateKeyValue {
  key: string;
  value: string;
}

/** A request template as stored on an action or as an integration's test request. */
export interface RequestTemplateSpec {
  method: string;
  url: string;
  query?: readonly TemplateKeyValue[];
  headers?: readonly TemplateKeyValue[];
  bodyType?: BodyType;
  /** JSON text with templates inside strings (JSON), or template text (TEXT). */
  body?: string | null;
  /** Rows of a FORM body. */
  form?: readonly TemplateKeyValue[];
}

/** A request ready for the sender, and the same request with secrets redacted for logs. */
export interface RenderedRequest {
  method: HttpMethod;
  url: string;
  /** In template order; a Content-Type for the body is added when the template sets none. */
  headers: [string, string][];
  body: string | undefined;
  /** The Content-Type sent with the body (the template's own, or the body type's default). */
  contentType?: string;
  redacted: { url: string; headers: [string, string][]; body: string | undefined };
}

/** Options of {@link renderRequest}. */
export interface RenderRequestOptions {
  /** Credential values to replace with `••••` in `redacted`. */
  secrets?: readonly string[];
  limits?: Partial<TemplateLimits>;
}

/** Options of {@link checkRequestTemplate}. */
export interface CheckRequestTemplateOptions {
  /** Declared input keys and auth field identifiers that `input.*` / `credential.*` may use. */
  declared?: TemplateScopeRules['declared'];
  limits?: Partial<TemplateLimits>;
}

/** Default Content-Type per body type. */
export const BODY_CONTENT_TYPES: Readonly<Record<Exclude<BodyType, 'NONE'>, string>> = {
  JSON: 'application/json',
  FORM: 'application/x-www-form-urlencoded',
  TEXT: 'text/plain; charset=utf-8',
};

/** Headers the HTTP client owns: setting them would break framing or bypass target checks. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Header values may hold tab, visible ASCII and Latin-1; anything else is refused by HTTP clients. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Save-time check of a request template: method, URL, every template's syntax (URL, query, header
 * names and values, body, form), and, when given, the variable roots and declared names it may use.
 */
export function checkRequestTemplate(template: RequestTemplateSpec, knownRoots?: readonly string[], options: CheckRequestTemplateOptions = {}): void {
  const rules: TemplateScopeRules = { knownRoots, declared: options.declared };
  const { limits } = options;
  checkMethod(template.method);
  checkUrlLiteral(template.url, URL_LOCATION);
  checkTemplate(template.url, URL_LOCATION, rules, limits);
  (template.query ?? []).forEach((row, index) => {
    const { key, value } = queryLocations(row, index);
    if (row.key.trim() === '') throw templateError(key, 'the query parameter has no name');
    checkTemplate(row.key, key, rules, limits);
    checkTemplate(row.value, value, rules, limits);
  });
  (template.headers ?? []).forEach((row, index) => {
    const { key, value } = headerLocations(row, index);
    checkTemplate(row.key, key, rules, limits);
    if (!row.key.includes('{{') && !row.key.includes('{%')) checkHeaderName(row.key.trim(), key);
    checkTemplate(row.value, value, rules, limits);
  });
  const bodyType = checkBodyType(template.bodyType);
  switch (bodyType) {
    case 'NONE':
      return;
    case 'JSON':
      checkJsonBody(template.body ?? '', BODY_LOCATION, rules, limits);
      return;
    case 'TEXT':
      checkTemplate(template.body ?? '', BODY_LOCATION, rules, limits);
      return;
    case 'FORM':
      (template.form ?? []).forEach((row, index) => {
        const { key, value } = formLocations(row, index);
        if (row.key.trim() === '') throw templateError(key, 'the form field has no name');
        checkTemplate(row.key, key, rules, limits);
        checkTemplate(row.value, value, rules, limits);
      });
      return;
    default:
      assertNever(bodyType);
  }
}

/**
 * Renders a request template over `scope` (e.g. `{ input, credential }`), escaping every value for
 * where it lands (URL path segment, query value, header, JSON string or value, form field).
 * Throws a TEMPLATE_ERROR naming the field, and the variable when one is unknown.
 */
export function renderRequest(template: RequestTemplateSpec, scope: Record<string, unknown>, options: RenderRequestOptions = {}): RenderedRequest {
  const run = TemplateRun.start(options.limits);
  const method = checkMethod(template.method);
  const bodyType = checkBodyType(template.bodyType);

  const baseUrl = assembleUrl(renderPieces(template.url.trim(), scope, URL_LOCATION, run), URL_LOCATION);
  const query = (template.query ?? []).map((row, index): [string, string] => {
    const locations = queryLocations(row, index);
    const key = renderText(row.key, scope, locations.key, run);
    if (key === '') throw templateError(locations.key, 'the query parameter name renders empty');
    return [key, renderText(row.value, scope, locations.value, run)];
  });
  const url = appendQuery(baseUrl, query);

  const headers = (template.headers ?? []).map((row, index): [string, string] => {
    const locations = headerLocations(row, index);
    const name = renderText(row.key, scope, locations.key, run).trim();
    checkHeaderName(name, locations.key);
    const value = renderText(row.value, scope, locations.value, run).replace(/^[ \t]+|[ \t]+$/g, '');
    checkHeaderValue(value, name, locations.value);
    return [name, value];
  });

  const body = renderBody(template, bodyType, scope, run);
  let contentType: string | undefined;
  if (body !== undefined && bodyType !== 'NONE') {
    contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    if (contentType === undefined) {
      contentType = BODY_CONTENT_TYPES[bodyType];
      headers.push(['content-type', contentType]);
    }
  }

  const forms = secretForms(options.secrets ?? []);
  const redacted = {
    url: redactForms(url, forms),
    headers: headers.map(([name, value]): [string, string] => [redactForms(name, forms), redactForms(value, forms)]),
    body: body === undefined ? undefined : redactForms(body, forms),
  };
  return { method, url, headers, body, ...(contentType === undefined ? {} : { contentType }), redacted };
}

function renderBody(template: RequestTemplateSpec, bodyType: BodyType, scope: Record<string, unknown>, run: TemplateRun): string | undefined {
  switch (bodyType) {
    case 'NONE':
      return undefined;
    case 'JSON':
      return renderJsonBody(template.body ?? '', scope, BODY_LOCATION, run);
    case 'TEXT':
      return renderText(template.body ?? '', scope, BODY_LOCATION, run);
    case 'FORM': {
      const pairs = (template.form ?? []).map((row, index): [string, string] => {
        const locations = formLocations(row, index);
        const key = renderText(row.key, scope, locations.key, run);
        if (key === '') throw templateError(locations.key, 'the form field name renders empty');
        return [key, renderText(row.value, scope, locations.value, run)];
      });
      return new URLSearchParams(pairs).toString();
    }
    default:
      return assertNever(bodyType);
  }
}

const URL_LOCATION: TemplateLocation = { field: 'url', label: 'URL' };
const BODY_LOCATION: TemplateLocation = { field: 'body', label: 'body' };

function rowLocations(kind: string, what: string, row: TemplateKeyValue, index: number): { key: TemplateLocation; value: TemplateLocation } {
  const name = JSON.stringify(row.key);
  return {
    key: { field: `${kind}[${index}].key`, label: `${what} name ${name}` },
    value: { field: `${kind}[${index}].value`, label: `${what} ${name}` },
  };
}

const queryLocations = (row: TemplateKeyValue, index: number) => rowLocations('query', 'query', row, index);
const headerLocations = (row: TemplateKeyValue, index: number) => rowLocations('headers', 'header', row, index);
const formLocations = (row: TemplateKeyValue, index: number) => rowLocations('form', 'form field', row, index);

function checkMethod(method: string): HttpMethod {
  const upper = method.trim().toUpperCase();
  const known = HTTP_METHODS.find((m) => m === upper);
  if (known) return known;
  const why =
    upper === 'CONNECT'
      ? 'CONNECT opens a proxy tunnel, it is not an API call'
      : `it is not one of ${HTTP_METHODS.join(', ')}`;
  throw templateError({ field: 'method', label: 'method' }, `method ${JSON.stringify(method)} is not allowed: ${why}`);
}

function checkBodyType(bodyType: string | undefined): BodyType {
  if (bodyType === undefined) return 'NONE';
  const known = BODY_TYPES.find((t) => t === bodyType);
  if (known) return known;
  throw templateError({ field: 'bodyType', label: 'body type' }, `unknown body type ${JSON.stringify(bodyType)}; use one of ${BODY_TYPES.join(', ')}`);
}

function checkHeaderName(name: string, location: TemplateLocation): void {
  if (!HEADER_NAME.test(name)) {
    throw templateError(location, `${JSON.stringify(name)} is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only)`);
  }
  if (RESERVED_HEADERS.has(name.toLowerCase())) {
    throw templateError(location, `the ${name} header is set by Conduit's HTTP client; remove it from the template`);
  }
}

function checkHeaderValue(value: string, name: string, location: TemplateLocation): void {
  if (/[\r\n\0]/.test(value)) {
    throw templateError(location, `the value of header ${JSON.stringify(name)} contains a line break or NUL character, which could inject headers`);
  }
  if (!HEADER_VALUE.test(value)) {
    throw templateError(location, `the value of header ${JSON.stringify(name)} contains characters a header cannot carry (control characters or non-Latin-1 text; use the url_encode filter)`);
  }
}

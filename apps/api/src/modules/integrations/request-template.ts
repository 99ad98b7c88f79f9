import { ConduitError, type Role } from '@conduit/shared';
import { assertTargetUrl, checkRequestTemplate, hasTemplateSyntax, isSensitiveHeader, REDACTED, type HttpMethod, type TargetPolicy } from '@conduit/engine';
import type { StoredKeyValue, StoredRequestTemplate } from './integration.entity';
import type { KeyValueInput, RequestTemplateInput } from './integration.inputs';
import type { RequestTemplateType } from './integration.types';

const MAX_ROWS = 50;

/** Identifiers of auth fields and keys of action inputs (the rule Truora users know). */
const IDENTIFIER = /^[a-z](?:[a-z0-9_]*[a-z0-9])?$/;
const IDENTIFIER_RULE = 'use lowercase letters, digits and "_" only, not starting with a digit or "_" and not ending with "_" (e.g. "api_key")';

/** Throws BAD_USER_INPUT, with the rule in the message, for an identifier that breaks it. */
export function assertIdentifier(value: string, what: string, field: string): void {
  if (value.length > 64 || !IDENTIFIER.test(value)) {
    throw new ConduitError('BAD_USER_INPUT', `${what} ${JSON.stringify(value)} is not valid: ${IDENTIFIER_RULE}${value.length > 64 ? ', at most 64 characters' : ''}.`, { field });
  }
}

/** Trims a required name and checks its length. */
export function requiredText(value: string, field: string, label: string, max = 200): string {
  const text = value.trim();
  if (text === '' || text.length > max) {
    throw new ConduitError('BAD_USER_INPUT', `${label} must have 1 to ${max} characters.`, { field });
  }
  return text;
}

/** An optional text: null when empty, refused over `max` characters. */
export function optionalText(value: string | null | undefined, field: string, label: string, max: number): string | null {
  const text = value?.trim() ?? '';
  if (text.length > max) throw new ConduitError('BAD_USER_INPUT', `${label} is longer than ${max} characters.`, { field });
  return text === '' ? null : text;
}

export interface TemplateRules {
  /** Prefix of error fields: `request` (actions) or `testRequest` (integrations). */
  field: string;
  /** Variable roots the template may use, e.g. ['input', 'credential']. */
  roots: readonly string[];
  declared: { input?: readonly string[]; credential?: readonly string[] };
  targets: TargetPolicy;
}

/**
 * Normalises a request template input and checks it as it will be rendered: method (CONNECT is
 * refused with the reason), URL, every template's syntax and the variables it uses. A URL
 * without templates is also checked against the SSRF policy now rather than at the first call.
 */
export function validateRequestTemplate(input: RequestTemplateInput, rules: TemplateRules): StoredRequestTemplate {
  const template: StoredRequestTemplate = {
    method: input.method,
    url: input.url.trim(),
    query: rows(input.query, `${rules.field}.query`),
    headers: rows(input.headers, `${rules.field}.headers`),
    bodyType: input.bodyType ?? 'NONE',
    body: input.body ?? null,
    form: rows(input.form, `${rules.field}.form`),
  };
  if (template.url.length > 4096) throw new ConduitError('BAD_USER_INPUT', 'The URL is longer than 4096 characters.', { field: `${rules.field}.url` });
  if (template.body !== null && template.body.length > 100_000) {
    throw new ConduitError('BAD_USER_INPUT', 'The body template is longer than 100,000 characters.', { field: `${rules.field}.body` });
  }
  if (template.bodyType === 'NONE' || template.bodyType === 'FORM') template.body = null;
  if (template.bodyType !== 'FORM') template.form = [];
  try {
    checkRequestTemplate(template, rules.roots, { declared: rules.declared });
  } catch (error) {
    throw prefixField(error, rules.field);
  }
  if (!hasTemplateSyntax(template.url)) assertTargetUrl(template.url, rules.targets, `${rules.field}.url`);
  return template;
}

function rows(list: KeyValueInput[] | null | undefined, field: string): StoredKeyValue[] {
  const result = (list ?? []).map((row) => ({ key: row.key.trim(), value: row.value }));
  if (result.length > MAX_ROWS) throw new ConduitError('BAD_USER_INPUT', `At most ${MAX_ROWS} rows are allowed.`, { field });
  return result;
}

/** Re-raises a template error with its field placed under `prefix` (`url` → `request.url`). */
export function prefixField(error: unknown, prefix: string): unknown {
  if (!(error instanceof ConduitError) || typeof error.details?.field !== 'string') return error;
  return new ConduitError(error.code, error.message, { ...error.details, field: `${prefix}.${error.details.field}` });
}

/** The GraphQL view of a template; for viewers, values of credential-like headers are masked. */
export function toTemplateType(template: StoredRequestTemplate, role: Role): RequestTemplateType {
  const mask = (row: StoredKeyValue) => ({ key: row.key, value: role === 'VIEWER' && isSensitiveHeader(row.key) && !hasTemplateSyntax(row.value) ? REDACTED : row.value });
  return {
    method: template.method as HttpMethod,
    url: template.url,
    query: template.query.map((row) => ({ ...row })),
    headers: template.headers.map(mask),
    bodyType: template.bodyType,
    body: template.body,
    form: template.form.map((row) => ({ ...row })),
  };
}

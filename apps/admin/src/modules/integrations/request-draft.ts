import type { BodyType, HttpMethod, RequestTemplateFieldsFragment, RequestTemplateInput } from '../../generated/graphql';

/** One key/value row of a request template (query, header or form field); `uid` keys the React row. */
export interface KeyValueRow {
  uid: string;
  key: string;
  value: string;
}

/** A request template as the request builder edits it. */
export interface RequestDraft {
  method: HttpMethod;
  url: string;
  query: KeyValueRow[];
  headers: KeyValueRow[];
  bodyType: BodyType;
  /** JSON or TEXT body; kept while another body type is picked, so switching back loses nothing. */
  body: string;
  form: KeyValueRow[];
}

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];
export const BODY_TYPES: readonly BodyType[] = ['NONE', 'JSON', 'FORM', 'TEXT'];

let nextRow = 0;

/** A new row with a key unique in this page's lifetime. */
export function newRow(key = '', value = ''): KeyValueRow {
  nextRow += 1;
  return { uid: `row-${nextRow}`, key, value };
}

export function emptyRequestDraft(method: HttpMethod = 'GET'): RequestDraft {
  return { method, url: '', query: [], headers: [], bodyType: 'NONE', body: '', form: [] };
}

/** The stored template (or none yet) as an editable draft. */
export function toRequestDraft(template: RequestTemplateFieldsFragment | null | undefined, method: HttpMethod = 'GET'): RequestDraft {
  if (!template) return emptyRequestDraft(method);
  const rows = (list: ReadonlyArray<{ key: string; value: string }>) => list.map((row) => newRow(row.key, row.value));
  return {
    method: template.method,
    url: template.url,
    query: rows(template.query),
    headers: rows(template.headers),
    bodyType: template.bodyType,
    body: template.body ?? '',
    form: rows(template.form),
  };
}

/**
 * The draft as the API takes it: every row is sent (an empty one gets the API's message next to
 * it, at the same index), and only the body that the body type uses.
 */
export function toRequestInput(draft: RequestDraft): RequestTemplateInput {
  const rows = (list: KeyValueRow[]) => list.map(({ key, value }) => ({ key, value }));
  const hasText = draft.bodyType === 'JSON' || draft.bodyType === 'TEXT';
  return {
    method: draft.method,
    url: draft.url.trim(),
    query: rows(draft.query),
    headers: rows(draft.headers),
    bodyType: draft.bodyType,
    body: hasText ? draft.body : null,
    form: draft.bodyType === 'FORM' ? rows(draft.form) : [],
  };
}

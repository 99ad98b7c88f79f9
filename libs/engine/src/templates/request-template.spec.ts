import { parse as parseQueryString } from 'node:querystring';
import { catchConduitError } from '@conduit/shared';
import { checkRequestTemplate, renderRequest, type RequestTemplateSpec } from './request-template';

const scope = {
  input: {
    id: 'a/b c',
    email: 'a+b c@x.com',
    otp: 123456,
    account_id: 'acc-1',
    note: 'He said "hi"\nthen left 👋 — ça va',
    active: false,
    amount: 12.5,
    address: { city: 'Bogotá', zip: null },
    tags: ['a', 'b'],
    empty: '',
    dots: '..',
    evil_host: 'evil.com/',
    crlf: 'x\r\nX-Injected: 1',
    missing: null,
  },
  credential: { api_key: 'sk_live_S3cr3t+/=', base_url: 'https://api.example.com/v1/', subdomain: 'acme', token: 'tok en' },
};

const get = (url: string, extra: Partial<RequestTemplateSpec> = {}): RequestTemplateSpec => ({ method: 'GET', url, ...extra });

describe('renderRequest: URL', () => {
  it('percent-encodes a path template as one segment', () => {
    expect(renderRequest(get('https://api.example.com/users/{{ input.id }}'), scope).url).toBe('https://api.example.com/users/a%2Fb%20c');
    expect(renderRequest(get('https://api.example.com/u/{{ input.note }}/x'), scope).url).toBe(
      `https://api.example.com/u/${encodeURIComponent(scope.input.note)}/x`,
    );
  });

  it('encodes templates inside the URL query string as query values', () => {
    const { url } = renderRequest(get('https://api.example.com/search?q={{ input.email }}&id={{ input.id }}#{{ input.id }}'), scope);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('q')).toBe('a+b c@x.com');
    expect(parsed.searchParams.get('id')).toBe('a/b c');
    expect(parsed.hash).toBe('#a%2Fb%20c');
  });

  it('accepts a whole base URL from a template, without doubling the slash', () => {
    expect(renderRequest(get('{{ credential.base_url }}/users/{{ input.account_id }}'), scope).url).toBe('https://api.example.com/v1/users/acc-1');
  });

  it('accepts host name parts from templates', () => {
    expect(renderRequest(get('https://{{ credential.subdomain }}.zendesk.com/api'), scope).url).toBe('https://acme.zendesk.com/api');
  });

  it('refuses a host template that would send the request elsewhere', () => {
    const error = catchConduitError(() => renderRequest(get('https://{{ input.evil_host }}.shop.com/admin'), scope));
    expect(error.details).toMatchObject({ errorCode: 'TEMPLATE_ERROR', field: 'url' });
    expect(error.message).toContain("URL's host");
  });

  it('refuses a base URL template that is not a base URL', () => {
    expect(catchConduitError(() => renderRequest(get('{{ input.account_id }}/x'), scope)).message).toContain('must render a base URL');
    expect(catchConduitError(() => renderRequest(get('{{ input.email }}'), scope)).message).toContain('must render a base URL');
  });

  it('refuses path segments that are empty or dot segments', () => {
    expect(catchConduitError(() => renderRequest(get('https://api.example.com/users/{{ input.empty }}'), scope)).message).toContain('empty path segment');
    expect(catchConduitError(() => renderRequest(get('https://api.example.com/users/{{ input.dots }}/admin'), scope)).message).toContain('path segment ".."');
    expect(renderRequest(get('https://api.example.com/users/v{{ input.dots }}'), scope).url).toBe('https://api.example.com/users/v..');
  });

  it('refuses URLs that are not http(s)', () => {
    expect(catchConduitError(() => renderRequest(get('ftp://example.com/{{ input.account_id }}'), scope)).message).toContain('must use http or https');
  });

  it('appends query rows with exact round-trips of +, spaces, @ and unicode', () => {
    const template = get('https://api.example.com/search?page=1#top', {
      query: [
        { key: 'email', value: '{{ input.email }}' },
        { key: 'q', value: 'ça & 👋 {{ input.id }}' },
        { key: 'key with space', value: '=' },
      ],
    });
    const { url } = renderRequest(template, scope);
    expect(url.endsWith('#top')).toBe(true);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('page')).toBe('1');
    expect(parsed.searchParams.get('email')).toBe('a+b c@x.com');
    expect(parsed.searchParams.get('q')).toBe('ça & 👋 a/b c');
    expect(parsed.searchParams.get('key with space')).toBe('=');
    const query = parseQueryString(parsed.search.slice(1));
    expect(query.email).toBe('a+b c@x.com');
    expect(query.q).toBe('ça & 👋 a/b c');
  });

  it('starts a query when the URL has none', () => {
    expect(renderRequest(get('https://api.example.com/x', { query: [{ key: 'a', value: '1' }] }), scope).url).toBe('https://api.example.com/x?a=1');
  });
});

describe('renderRequest: headers', () => {
  it('renders names and values', () => {
    const { headers } = renderRequest(
      get('https://api.example.com', { headers: [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }, { key: 'X-Account', value: ' {{ input.account_id }} ' }] }),
      scope,
    );
    expect(headers).toEqual([
      ['Truora-API-Key', 'sk_live_S3cr3t+/='],
      ['X-Account', 'acc-1'],
    ]);
  });

  it('refuses CR, LF and NUL in a rendered value, naming the header', () => {
    const error = catchConduitError(() => renderRequest(get('https://api.example.com', { headers: [{ key: 'X-Note', value: '{{ input.crlf }}' }] }), scope));
    expect(error.message).toBe(
      'Template error in header "X-Note": the value of header "X-Note" contains a line break or NUL character, which could inject headers',
    );
    expect(error.details).toEqual({ errorCode: 'TEMPLATE_ERROR', field: 'headers[0].value' });
  });

  it('refuses characters a header cannot carry, objects, bad names and client-owned headers', () => {
    const header = (key: string, value: string) => () => renderRequest(get('https://api.example.com', { headers: [{ key, value }] }), scope);
    expect(catchConduitError(header('X-Note', '{{ input.note }}')).message).toContain('line break');
    expect(catchConduitError(header('X-Emoji', '👋')).message).toContain('cannot carry');
    expect(catchConduitError(header('X-Address', '{{ input.address }}')).message).toBe(
      'Template error in header "X-Address": {{ input.address }} renders an object; use a field of it or the json filter',
    );
    expect(catchConduitError(header('Bad Name', 'x')).details?.field).toBe('headers[0].key');
    expect(catchConduitError(header('Host', 'internal')).message).toContain("set by Conduit's HTTP client");
    expect(catchConduitError(header('Content-Length', '5')).message).toContain("set by Conduit's HTTP client");
  });
});

describe('renderRequest: bodies', () => {
  const post = (extra: Partial<RequestTemplateSpec>): RequestTemplateSpec => ({ method: 'POST', url: 'https://api.example.com/v1/validations', ...extra });

  it('renders a JSON body as a structure, keeping the type of lone templates', () => {
    const body = JSON.stringify({
      account_id: '{{ input.account_id }}',
      otp: '{{ input.otp }}',
      active: '{{ input.active }}',
      amount: '{{ input.amount }}',
      address: '{{ input.address }}',
      tags: '{{ input.tags }}',
      missing: '{{ input.missing }}',
      text: 'OTP {{ input.otp }} for {{ input.account_id }}',
      literal: [1, true, null, 'x'],
      '{{ input.account_id }}_key': 'v',
    });
    const rendered = renderRequest(post({ bodyType: 'JSON', body }), scope);
    expect(JSON.parse(rendered.body ?? '')).toEqual({
      account_id: 'acc-1',
      otp: 123456,
      active: false,
      amount: 12.5,
      address: { city: 'Bogotá', zip: null },
      tags: ['a', 'b'],
      missing: null,
      text: 'OTP 123456 for acc-1',
      literal: [1, true, null, 'x'],
      'acc-1_key': 'v',
    });
    expect(rendered.contentType).toBe('application/json');
    expect(rendered.headers).toEqual([['content-type', 'application/json']]);
  });

  it('always produces valid JSON with the same value for quotes, newlines, emoji and unicode', () => {
    const rendered = renderRequest(post({ bodyType: 'JSON', body: '{"note": "{{ input.note }}", "mixed": "<{{ input.note }}>"}' }), scope);
    expect(JSON.parse(rendered.body ?? '')).toEqual({ note: scope.input.note, mixed: `<${scope.input.note}>` });
  });

  it('keeps a "__proto__" key as a key', () => {
    const rendered = renderRequest(post({ bodyType: 'JSON', body: '{"__proto__": {"x": "{{ input.otp }}"}}' }), scope);
    expect(rendered.body).toBe('{"__proto__":{"x":123456}}');
  });

  it('names the JSON path of a failing template', () => {
    const error = catchConduitError(() => renderRequest(post({ bodyType: 'JSON', body: '{"customer": {"email": "{{ input.emial }}"}}' }), scope));
    expect(error.message).toBe('Template error in body at "customer.email": unknown variable "input.emial" (did you mean "input.email"?)');
    expect(error.details).toEqual({ errorCode: 'TEMPLATE_ERROR', field: 'body', path: 'customer.email', variable: 'input.emial' });
  });

  it('form-encodes FORM bodies', () => {
    const rendered = renderRequest(
      post({ bodyType: 'FORM', form: [{ key: 'email', value: '{{ input.email }}' }, { key: 'note', value: '{{ input.note }}' }] }),
      scope,
    );
    expect(rendered.contentType).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(rendered.body);
    expect(form.get('email')).toBe('a+b c@x.com');
    expect(form.get('note')).toBe(scope.input.note);
  });

  it('renders TEXT bodies as text and keeps a Content-Type the template sets', () => {
    const rendered = renderRequest(
      post({ bodyType: 'TEXT', body: 'Hello {{ input.account_id }}', headers: [{ key: 'Content-Type', value: 'text/csv' }] }),
      scope,
    );
    expect(rendered.body).toBe('Hello acc-1');
    expect(rendered.contentType).toBe('text/csv');
    expect(rendered.headers).toEqual([['Content-Type', 'text/csv']]);
  });

  it('sends no body for NONE, whatever body text is stored', () => {
    const rendered = renderRequest(post({ bodyType: 'NONE', body: '{{ input.nope }}' }), scope);
    expect(rendered.body).toBeUndefined();
    expect(rendered.contentType).toBeUndefined();
    expect(rendered.headers).toEqual([]);
  });
});

describe('renderRequest: method and limits', () => {
  it('normalises the method and refuses CONNECT with the reason', () => {
    expect(renderRequest(get('https://api.example.com', { method: 'patch' }), scope).method).toBe('PATCH');
    const connect = catchConduitError(() => renderRequest(get('https://api.example.com', { method: 'CONNECT' }), scope));
    expect(connect.message).toBe('Template error in method: method "CONNECT" is not allowed: CONNECT opens a proxy tunnel, it is not an API call');
    expect(connect.details).toEqual({ errorCode: 'TEMPLATE_ERROR', field: 'method' });
    expect(catchConduitError(() => renderRequest(get('https://api.example.com', { method: 'PROPFIND' }), scope)).message).toContain('is not one of GET');
  });

  it('shares one time budget across all fields of a request', () => {
    // One header takes a few ms, far under the budget; a thousand of them do not fit in it.
    const busyHeader = { key: 'X-Busy', value: '{% for i in (1..5000) %}{% if i > 0 %}{% endif %}{% endfor %}' };
    const limits = { renderTimeMs: 300 };
    expect(() => renderRequest(get('https://api.example.com', { headers: [busyHeader] }), scope, { limits })).not.toThrow();
    const template = get('https://api.example.com', { headers: Array.from({ length: 1000 }, () => busyHeader) });
    const started = Date.now();
    expect(catchConduitError(() => renderRequest(template, scope, { limits })).message).toContain('longer than 300 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('renderRequest: redaction', () => {
  it('replaces every secret, encoded or not, with •••• in the redacted copy only', () => {
    const template: RequestTemplateSpec = {
      method: 'POST',
      url: 'https://api.example.com/k/{{ credential.api_key }}?token={{ credential.token }}',
      query: [{ key: 'key', value: '{{ credential.api_key }}' }],
      headers: [
        { key: 'Authorization', value: 'Bearer {{ credential.api_key }}' },
        { key: 'X-Account', value: '{{ input.account_id }}' },
      ],
      bodyType: 'JSON',
      body: '{"key": "{{ credential.api_key }}", "token": "{{ credential.token }}", "otp": "{{ input.otp }}"}',
    };
    const secrets = [scope.credential.api_key, scope.credential.token];
    const rendered = renderRequest(template, scope, { secrets });
    expect(rendered.headers[0]).toEqual(['Authorization', 'Bearer sk_live_S3cr3t+/=']);
    const shown = JSON.stringify(rendered.redacted);
    for (const secret of secrets) {
      for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) expect(shown).not.toContain(form);
    }
    expect(rendered.redacted.url).toBe('https://api.example.com/k/••••?token=••••&key=••••');
    expect(rendered.redacted.headers).toEqual([
      ['Authorization', 'Bearer ••••'],
      ['X-Account', 'acc-1'],
      ['content-type', 'application/json'],
    ]);
    expect(JSON.parse(rendered.redacted.body ?? '')).toEqual({ key: '••••', token: '••••', otp: 123456 });
  });

  it('redacts secrets inside form bodies and ignores empty secrets', () => {
    const rendered = renderRequest(
      { method: 'POST', url: 'https://api.example.com', bodyType: 'FORM', form: [{ key: 't', value: '{{ credential.token }}' }] },
      scope,
      { secrets: [scope.credential.token, ''] },
    );
    expect(rendered.body).toBe('t=tok+en');
    expect(rendered.redacted.body).toBe('t=••••');
  });
});

describe('checkRequestTemplate', () => {
  const roots = ['input', 'credential'];
  const declared = { input: ['account_id', 'otp'], credential: ['api_key'] };
  const truora: RequestTemplateSpec = {
    method: 'POST',
    url: 'https://api.validations.truora.com/v1/validations',
    headers: [{ key: 'Truora-API-Key', value: '{{ credential.api_key }}' }],
    bodyType: 'JSON',
    body: '{"type": "email-verification", "account_id": "{{ input.account_id }}", "otp": "{{ input.otp }}"}',
  };

  it('accepts a valid template', () => {
    expect(() => checkRequestTemplate(truora, roots, { declared })).not.toThrow();
    expect(() => checkRequestTemplate({ ...truora, bodyType: 'FORM', form: [{ key: 'a', value: '{{ input.otp }}' }] }, roots, { declared })).not.toThrow();
  });

  it('names the field of a syntax error', () => {
    const error = catchConduitError(() => checkRequestTemplate({ ...truora, query: [{ key: 'email', value: '{{ input.otp ' }] }));
    expect(error.details).toMatchObject({ errorCode: 'TEMPLATE_ERROR', field: 'query[0].value' });
    expect(error.message).toMatch(/^Template error in query "email": invalid template syntax/);
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, headers: [{ key: 'X', value: '{% if %}' }] })).details?.field).toBe('headers[0].value');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, url: 'https://x.com/{{ input.otp | nope }}' })).details?.field).toBe('url');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, bodyType: 'TEXT', body: '{{' })).details?.field).toBe('body');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, bodyType: 'FORM', form: [{ key: 'a', value: '{{ x' }] })).details?.field).toBe('form[0].value');
  });

  it('refuses unknown roots and undeclared names', () => {
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, url: 'https://x.com/{{ foo.bar }}' }, roots)).message).toBe(
      'Template error in URL: unknown variable root "foo" (in "foo.bar"); available: input, credential',
    );
    const undeclared = catchConduitError(() => checkRequestTemplate({ ...truora, headers: [{ key: 'Key', value: '{{ credential.apikey }}' }] }, roots, { declared }));
    expect(undeclared.details).toEqual({ errorCode: 'TEMPLATE_ERROR', field: 'headers[0].value', variable: 'credential.apikey' });
    const inBody = catchConduitError(() => checkRequestTemplate({ ...truora, body: '{"a": {"b": ["{{ input.opt }}"]}}' }, roots, { declared }));
    expect(inBody.message).toContain('body at "a.b[0]"');
  });

  it('refuses a JSON body that is not JSON, with the position and a hint', () => {
    const unquoted = catchConduitError(() => checkRequestTemplate({ ...truora, body: '{\n  "otp": {{ input.otp }}\n}' }));
    expect(unquoted.message).toMatch(/^Template error in body: the JSON body is not valid JSON at line 2, column 11 .*put templates inside quotes/);
    expect(unquoted.details).toEqual({ errorCode: 'TEMPLATE_ERROR', field: 'body' });
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, body: '{"a": 1,}' })).message).toMatch(/line 1, column 9/);
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, body: '' })).message).toContain('choose the body type NONE');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, body: '{"a": "{{ x | default: "y" }}"}' })).message).toContain('single quotes');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, body: '{"id": 12345678901234567890}' })).message).toContain('put it in quotes');
  });

  it('refuses CONNECT, unknown methods and body types, bad URLs and header names', () => {
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, method: 'CONNECT' })).message).toContain('CONNECT opens a proxy tunnel, it is not an API call');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, bodyType: 'XML' as 'TEXT' })).details?.field).toBe('bodyType');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, url: 'api.example.com/v1' })).details?.field).toBe('url');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, url: 'file:///etc/passwd' })).message).toContain('must use http or https');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, url: 'api.com/{{ input.otp }}' })).message).toContain('must start with https://');
    expect(() => checkRequestTemplate({ ...truora, url: '{{ credential.api_key }}/v1' })).not.toThrow();
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, headers: [{ key: 'Transfer-Encoding', value: 'chunked' }] })).details?.field).toBe('headers[0].key');
    expect(catchConduitError(() => checkRequestTemplate({ ...truora, query: [{ key: ' ', value: 'x' }] })).message).toContain('has no name');
  });
});

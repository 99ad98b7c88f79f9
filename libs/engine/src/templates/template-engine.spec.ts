import { catchConduitError, ConduitError } from '@conduit/shared';
import { TemplateRun, checkTemplate, isSingleOutput, renderPieces, renderText, renderValue, templateVariables, type TemplateLocation } from './template-engine';

const at: TemplateLocation = { field: 'query[0].value', label: 'query "email"' };
const scope = {
  ticket: { id: 42, customer: { email: 'ana@example.com', first_name: 'Ana', tags: ['vip', 'new'], note: null } },
  input: { amount: 12.5, active: true, obj: { a: 1 }, list: [1, 2] },
};

describe('renderText', () => {
  it('renders variables, filters and tags', () => {
    expect(renderText('{{ ticket.customer.email }}', scope, at)).toBe('ana@example.com');
    expect(renderText('{{ ticket.customer.first_name | upcase }} #{{ ticket.id }}', scope, at)).toBe('ANA #42');
    expect(renderText('{{ ticket.customer.email | url_encode }}', scope, at)).toBe('ana%40example.com');
    expect(renderText('{{ input.obj | json }}', scope, at)).toBe('{"a":1}');
    expect(renderText('{{ ticket.customer.tags | join: "," }}', scope, at)).toBe('vip,new');
    expect(renderText('{% for t in ticket.customer.tags %}[{{ t }}]{% endfor %}', scope, at)).toBe('[vip][new]');
    expect(renderText('{% if input.active %}yes{% endif %}', scope, at)).toBe('yes');
    expect(renderText('{{ ticket["customer"].first_name }}', scope, at)).toBe('Ana');
    expect(renderValue('{{ steps.lookup["order.name"] }}', { steps: { lookup: { 'order.name': '#1002' } } }, at)).toBe('#1002');
  });

  it('returns text without template syntax as it is', () => {
    expect(renderText('plain {text} with } braces', scope, at)).toBe('plain {text} with } braces');
    expect(renderText('', scope, at)).toBe('');
  });

  it('renders null as empty text, but refuses an unknown variable, naming it and where', () => {
    expect(renderText('[{{ ticket.customer.note }}]', scope, at)).toBe('[]');
    const error = catchConduitError(() => renderText('{{ ticket.customer.emial }}', scope, at));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('Template error in query "email": unknown variable "ticket.customer.emial" (did you mean "ticket.customer.email"?)');
    expect(error.details).toEqual({ errorCode: 'TEMPLATE_ERROR', field: 'query[0].value', variable: 'ticket.customer.emial' });
  });

  it('names the first missing part of a deeper path, and unknown roots', () => {
    expect(catchConduitError(() => renderText('{{ ticket.custmer.email }}', scope, at)).details?.variable).toBe('ticket.custmer');
    expect(catchConduitError(() => renderText('{{ contact.name }}', scope, at)).message).toContain('unknown variable "contact"');
  });

  it('reports unknown variables inside loops and conditions too', () => {
    const error = catchConduitError(() => renderText('{% for t in ticket.customer.tags %}{{ t }}{{ nope }}{% endfor %}', scope, at));
    expect(error.details?.variable).toBe('nope');
  });

  it('lets default and if handle a missing variable explicitly', () => {
    expect(renderText('{{ ticket.customer.phone | default: "none" }}', scope, at)).toBe('none');
    expect(renderText('{% if ticket.customer.phone %}p{% else %}no phone{% endif %}', scope, at)).toBe('no phone');
  });

  it('refuses an object or a list in text, even through raw', () => {
    expect(catchConduitError(() => renderText('{{ input.obj }}', scope, at)).message).toBe(
      'Template error in query "email": {{ input.obj }} renders an object; use a field of it or the json filter',
    );
    expect(catchConduitError(() => renderText('x {{ input.list }}', scope, at)).message).toContain('{{ input.list }} renders a list');
    expect(catchConduitError(() => renderText('{{ input.obj | raw }}', scope, at)).message).toContain('renders an object');
    expect(catchConduitError(() => renderText('{% echo input.obj %}', scope, at)).message).toContain('renders an object');
  });

  it('refuses unknown filters and reports syntax errors', () => {
    expect(catchConduitError(() => renderText('{{ ticket.id | shout }}', scope, at)).message).toMatch(/undefined filter: shout/);
    const unclosed = catchConduitError(() => renderText('{{ ticket.id ', scope, at));
    expect(unclosed.message).toMatch(/^Template error in query "email": invalid template syntax: .*not closed/);
    expect(unclosed.details?.errorCode).toBe('TEMPLATE_ERROR');
  });

  it('cannot reach prototypes or JavaScript internals', () => {
    expect(catchConduitError(() => renderText('{{ input.constructor }}', scope, at)).details?.variable).toBe('input.constructor');
    expect(catchConduitError(() => renderText('{{ ticket.customer.email.constructor.name }}', scope, at)).details?.errorCode).toBe('TEMPLATE_ERROR');
    expect(catchConduitError(() => renderText('{{ __proto__ }}', scope, at)).details?.errorCode).toBe('TEMPLATE_ERROR');
  });

  it('cannot read files: include, render and layout are not available', () => {
    for (const tag of ['{% include "/etc/passwd" %}', '{% render "secrets" %}', '{% layout "base" %}']) {
      const error = catchConduitError(() => renderText(tag, scope, at));
      expect(error.message).toMatch(/tag is not available/);
    }
  });

  it('stops a template that would run too long or allocate too much', () => {
    const slow = catchConduitError(() => renderText('{% for i in (1..900000) %}{% if i > 0 %}{% endif %}{% endfor %}', scope, at, TemplateRun.start({ renderTimeMs: 20 })));
    expect(slow.message).toBe('Template error in query "email": the templates take longer than 20 ms to render (loops too large?)');
    // A time budget no loaded machine reaches, so it is the memory limit that must stop these.
    const noDeadline = () => TemplateRun.start({ renderTimeMs: 600_000 });
    const nested = catchConduitError(() => renderText('{% for i in (1..900000) %}{% for j in (1..900000) %}x{% endfor %}{% endfor %}', scope, at, noDeadline()));
    expect(nested.message).toContain('needs too much memory');
    const huge = catchConduitError(() => renderText('{% for i in (1..100000000) %}{% endfor %}', scope, at, noDeadline()));
    expect(huge.message).toContain('needs too much memory');
  });

  it('limits the size of templates and of what they produce', () => {
    expect(catchConduitError(() => renderText(`{{ ticket.id }}${'x'.repeat(200)}`, scope, at, TemplateRun.start({ maxTemplateChars: 100 }))).message).toContain(
      'longer than 100 characters',
    );
    const big = { input: { text: 'y'.repeat(1000) } };
    expect(catchConduitError(() => renderText('{% for i in (1..50) %}{{ input.text }}{% endfor %}', big, at, TemplateRun.start({ maxOutputChars: 10_000 }))).message).toContain(
      'larger than 10000 characters',
    );
  });

  it('formats dates in UTC whatever the server time zone', () => {
    expect(renderText('{{ "2024-05-01T23:30:00Z" | date: "%Y-%m-%d %H:%M" }}', scope, at)).toBe('2024-05-01 23:30');
  });
});

describe('renderPieces', () => {
  it('tells literal text from values, including captured ones', () => {
    expect(renderPieces('id={{ ticket.id }}&e={{ ticket.customer.email }}', scope, at, TemplateRun.start())).toEqual([
      { text: 'id=', templated: false },
      { text: '42', templated: true },
      { text: '&e=', templated: false },
      { text: 'ana@example.com', templated: true },
    ]);
    expect(renderPieces('{% capture c %}<{{ ticket.id }}>{% endcapture %}{{ c }}', scope, at, TemplateRun.start())).toEqual([{ text: '<42>', templated: true }]);
  });

  it('treats values that look like markers or Liquid as data', () => {
    const tricky = { input: { v: '{{ ticket.id }}\uE000x:0\uE001' } };
    expect(renderText('{{ input.v }}', tricky, at)).toBe('{{ ticket.id }}\uE000x:0\uE001');
  });
});

describe('renderValue', () => {
  it('keeps the type of a lone template', () => {
    expect(renderValue('{{ ticket.id }}', scope, at)).toBe(42);
    expect(renderValue('{{ input.amount }}', scope, at)).toBe(12.5);
    expect(renderValue('{{ input.active }}', scope, at)).toBe(true);
    expect(renderValue('{{ input.obj }}', scope, at)).toEqual({ a: 1 });
    expect(renderValue('{{ input.list }}', scope, at)).toEqual([1, 2]);
    expect(renderValue('{{ ticket.customer.note }}', scope, at)).toBeNull();
    expect(renderValue('{{- ticket.id -}}', scope, at)).toBe(42);
    expect(renderValue('{{ ticket.id | plus: 1 }}', scope, at)).toBe(43);
  });

  it('renders anything else as text', () => {
    expect(renderValue('#{{ ticket.id }}', scope, at)).toBe('#42');
    expect(renderValue(' {{ ticket.id }}', scope, at)).toBe(' 42');
    expect(renderValue('{{ ticket.id }}{{ ticket.id }}', scope, at)).toBe('4242');
    expect(renderValue('plain', scope, at)).toBe('plain');
    expect(isSingleOutput('{% if x %}{{ ticket.id }}{% endif %}', at)).toBe(false);
  });

  it('is strict about unknown variables too', () => {
    expect(catchConduitError(() => renderValue('{{ input.nope }}', scope, at)).details?.variable).toBe('input.nope');
  });
});

describe('checkTemplate', () => {
  const body: TemplateLocation = { field: 'body', label: 'body' };

  it('accepts valid templates and text', () => {
    expect(() => checkTemplate('{{ input.account_id }}', body)).not.toThrow();
    expect(() => checkTemplate('no templates', body, { knownRoots: ['input'] })).not.toThrow();
  });

  it('refuses a root that is not available', () => {
    const error = catchConduitError(() => checkTemplate('{{ foo.bar }}', body, { knownRoots: ['input', 'credential'] }));
    expect(error.message).toBe('Template error in body: unknown variable root "foo" (in "foo.bar"); available: input, credential');
    expect(error.details).toEqual({ errorCode: 'TEMPLATE_ERROR', field: 'body', variable: 'foo.bar' });
  });

  it('checks input keys and auth field identifiers against the declared ones', () => {
    const rules = { knownRoots: ['input', 'credential'], declared: { input: ['account_id', 'otp'], credential: ['api_key'] } };
    expect(() => checkTemplate('{{ input.account_id }}/{{ credential.api_key }}', body, rules)).not.toThrow();
    expect(catchConduitError(() => checkTemplate('{{ input.acount_id }}', body, rules)).message).toBe(
      'Template error in body: unknown variable "input.acount_id" (did you mean "input.account_id"?); declared inputs: account_id, otp',
    );
    expect(catchConduitError(() => checkTemplate('{% if credential.token %}x{% endif %}', body, rules)).message).toContain('auth fields: api_key');
    expect(catchConduitError(() => checkTemplate('{{ input.x | default: credential.secret }}', body, rules)).details?.variable).toBe('input.x');
  });

  it('ignores variables the template defines itself', () => {
    const rules = { knownRoots: ['input'] };
    expect(() => checkTemplate('{% assign n = input.a %}{{ n }}{% for t in input.list %}{{ t }}{{ forloop.index }}{% endfor %}', body, rules)).not.toThrow();
  });

  it('reports syntax errors and unavailable tags at save time', () => {
    expect(catchConduitError(() => checkTemplate('{% if input.a %}x', body)).message).toMatch(/invalid template syntax/);
    expect(catchConduitError(() => checkTemplate('{{ input.a | nope }}', body)).message).toMatch(/undefined filter: nope/);
    expect(catchConduitError(() => checkTemplate('{% include "x" %}', body)).message).toMatch(/not available/);
  });
});

describe('templateVariables', () => {
  it('lists the variables a template uses as segments, bracketed keys included', () => {
    const found = templateVariables('{{ account_id }}-{{ steps.create.validation_id }}-{{ steps.lookup["order.name"] }}', at);
    expect(found.map((v) => v.segments)).toEqual([['account_id'], ['steps', 'create', 'validation_id'], ['steps', 'lookup', 'order.name']]);
    expect(found[2].variable).toBe('steps.lookup["order.name"]');
    expect(templateVariables('plain text', at)).toEqual([]);
    expect(() => templateVariables('{{ a', at)).toThrow(ConduitError);
  });
});

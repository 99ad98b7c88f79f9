import fc from 'fast-check';
import { ConduitError } from '@conduit/shared';
import { renderRequest } from './request-template';
import { checkTemplate, renderText, TemplateRun, type TemplateLocation } from './template-engine';

/**
 * The template renderer under generated input (fast-check): whatever an admin types, saving either
 * accepts it or refuses it with a TEMPLATE_ERROR naming the field, and rendering either produces
 * text or that same clear error. Never another exception, never a hang (the run's time and output
 * budgets stop loops such as `{% for i in (1..100000000) %}`).
 */

const RUNS = { numRuns: 300 };
const at: TemplateLocation = { field: 'body', label: 'body' };
const scope = {
  input: { email: 'ann+vip lee@example.com', n: 3, list: ['a', 'b'], nested: { deep: { x: '"quoted"\n' } } },
  credential: { api_key: 'sk_live_123' },
};

/** Liquid-shaped fragments, so generated text exercises the parser, tags, filters and loops. */
const piece = fc.oneof(
  fc.constantFrom(
    '{{', '}}', '{%', '%}', '{{ input.email }}', '{{ input.nope }}', '{{ credential.api_key }}', '{{ input.list | join: "," }}',
    '{% for i in (1..100000000) %}x{% endfor %}', '{% for a in input.list %}{% for b in (1..99999) %}{{ a }}{% endfor %}{% endfor %}',
    '{% if input.n > 2 %}big{% else %}small{% endif %}', '{% raw %}', '{% endraw %}', '{% include "x" %}', '{% render "y" %}',
    '{{ input.email | url_encode }}', '{{ "a" | append: input.email | upcase | split: "" | join: "-" }}', '{% assign x = input.list %}',
    '{{ x }}', '| ', ' " ', "'", '\\', '\n', '\u0000', '😀', '{{ input["email"] }}', '{{ input.nested.deep.x }}',
    '{% capture c %}{{ input.email }}{% endcapture %}{{ c }}', '{% cycle "a", "b" %}', '{% tablerow i in (1..5) %}{{ i }}{% endtablerow %}',
  ),
  fc.string({ maxLength: 8 }),
);
const template = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));

function expectClearError(error: unknown): void {
  expect(error).toBeInstanceOf(ConduitError);
  const conduitError = error as ConduitError;
  expect(conduitError.code).toBe('BAD_USER_INPUT');
  expect(conduitError.details?.errorCode).toBe('TEMPLATE_ERROR');
  expect(conduitError.message).toMatch(/^Template error in body/);
}

describe('templates under generated input', () => {
  it('saving a template either accepts it or refuses it with a TEMPLATE_ERROR naming where', () => {
    fc.assert(
      fc.property(template, (source) => {
        try {
          checkTemplate(source, at, { knownRoots: ['input', 'credential'] });
        } catch (error) {
          expectClearError(error);
        }
      }),
      RUNS,
    );
  });

  it('rendering produces text or a TEMPLATE_ERROR within the run budget, whatever the template', () => {
    fc.assert(
      fc.property(template, (source) => {
        try {
          expect(typeof renderText(source, scope, at, TemplateRun.start({ renderTimeMs: 50 }))).toBe('string');
        } catch (error) {
          expectClearError(error);
        }
      }),
      RUNS,
    );
  });

  it('a JSON body with any inserted value renders to valid JSON holding exactly that value', () => {
    const render = (body: string, value: unknown) =>
      JSON.parse(renderRequest({ method: 'POST', url: 'https://api.example.com/x', bodyType: 'JSON', body }, { input: { v: value } }).body ?? 'null') as unknown;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        // A lone {{ }} keeps the value's JSON type, objects and arrays included.
        expect(render('{"v": "{{ input.v }}"}', value)).toEqual({ v: JSON.parse(JSON.stringify(value)) as unknown }); // JSON has no -0
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (value) => {
        // Inside other text, any string (quotes, backslashes, newlines, emoji, lone surrogates) stays intact.
        expect(render('{"s": "<{{ input.v }}>"}', value)).toEqual({ s: `<${value}>` });
      }),
      RUNS,
    );
  });
});

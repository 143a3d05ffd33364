import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import { renderString, renderValue } from '../../src/template/render.js';
import { buildScope } from '../../src/vars/scope.js';

test('renders without HTML escaping', (t) => {
  t.is(renderString('x={{ v }}', { v: 'a&b <c> "q"' }), 'x=a&b <c> "q"');
});

test('a lone {{ var }} keeps its type', (t) => {
  t.deepEqual(renderString('{{ list }}', { list: [1, 2] }), [1, 2]);
  t.is(renderString('{{ n }}', { n: 5 }), 5);
  t.is(renderString('{{ a.b }}', { a: { b: true } }), true);
});

test('an undefined variable is an error naming it and the location', (t) => {
  const where = { file: 'p.yml', line: 3, col: 5 };
  const err = t.throws(() => renderString('hi {{ nobody }}', {}, where), { instanceOf: TemplateError });
  t.regex(err?.message ?? '', /undefined variable 'nobody'/);
  t.deepEqual(err?.location, where);
  t.throws(() => renderString('{{ nobody }}', {}), { instanceOf: TemplateError, message: /nobody/ });
});

test('renders inside nested values', (t) => {
  t.deepEqual(renderValue({ a: ['{{ x }}-1', { b: '{{ x }}' }] }, { x: 'y' }), { a: ['y-1', { b: 'y' }] });
});

test('variables that refer to variables are rendered lazily against the whole scope', (t) => {
  const scope = buildScope([{ domain: 'example.org' }, { api: 'api.{{ domain }}' }, { domain: 'mosip.net' }]);
  t.is(scope.api, 'api.mosip.net');
});

test('a variable that refers to itself is reported, not a stack overflow', (t) => {
  const scope = buildScope([{ a: '{{ b }}', b: '{{ a }}x' }]);
  t.throws(() => scope.a, { instanceOf: TemplateError, message: /refers to itself/ });
});

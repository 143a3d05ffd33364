// The template language around the helpers: literal braces for Helm/Go
// templates, syntax errors placed inside the text, strictness, no escaping.
import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import type { Vars } from '../../src/inventory/model.js';
import { renderString, renderValue } from '../../src/template/render.js';
import { buildScope } from '../../src/vars/scope.js';

const r = (text: string, vars: Vars = {}) => renderString(text, vars);
const at = { file: 'play.yml', line: 10, col: 12 };

function syntaxError(text: string, where = at, whereIsText = true): TemplateError {
  try {
    renderString(text, {}, where, { whereIsText });
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

test('\\{{ prints literal braces for Helm/Go templates', (t) => {
  t.is(r('\\{{ .Values.image.tag }}'), '{{ .Values.image.tag }}');
  t.is(r('tag: \\{{ .Values.tag }} for {{ name }}', { name: 'app' }), 'tag: {{ .Values.tag }} for app');
  t.is(r('\\{{- if .Values.enabled }}on\\{{- end }}'), '{{- if .Values.enabled }}on{{- end }}');
  t.is(r('\\\\{{ x }}', { x: 'v' }), '\\v', 'an escaped backslash before {{ still renders');
});

test('{{{{raw}}}} prints what it encloses, unrendered, over several lines', (t) => {
  const helm = 'image: {{ .Values.image }}\n{{- range .Values.hosts }}\n- {{ . }}\n{{- end }}';
  t.is(r(`{{{{raw}}}}${helm}{{{{/raw}}}}`), helm);
  t.is(r('{{ name }}: {{{{raw}}}}{{ .Values.x }}{{{{/raw}}}}', { name: 'n' }), 'n: {{ .Values.x }}');
  t.is(r('{{{{raw}}}}{{ missing }} {{#if x}}{{/if}}{{{{/raw}}}}'), '{{ missing }} {{#if x}}{{/if}}', 'no strict lookups inside');
});

test('nothing is HTML-escaped, in plain output or in helpers', (t) => {
  const v = 'a&b <c> "q" \'s\' `t` =';
  t.is(r('{{ v }} {{ upper v }}', { v }), `${v} ${v.toUpperCase()}`);
  t.is(r('x={{ to_json m }}', { m: { k: '<&>' } }), 'x={"k": "<&>"}');
  t.is(r('{{{ v }}}', { v }), v);
  t.is(r('{{#each l}}{{this}}{{/each}}', { l: ['<', '&'] }), '<&');
});

test('a parse error points inside the text when given the text position', (t) => {
  // "hello {{ foo": the unclosed mustache's name is at column 10 of the text
  const e1 = syntaxError('hello {{ foo');
  t.deepEqual(e1.location, { file: 'play.yml', line: 10, col: 21 });
  t.regex(e1.message, /template syntax error: a '\{\{' is not closed \(line 1, column 10 of the template\)/);
  // second line of a block scalar: line is offset, column is the column in that line
  const e2 = syntaxError('first line\nsecond {{#if x}}open');
  t.deepEqual(e2.location, { file: 'play.yml', line: 11, col: 21 });
  t.regex(e2.message, /a block is not closed \(line 2, column 21 of the template\)/, 'the end of the text');
  const e3 = syntaxError('a\nb\n  {{ x }}}');
  t.deepEqual(e3.location, { file: 'play.yml', line: 12, col: 8 }, "the '}}}' at column 8 of line 3");
  t.regex(e3.message, /unexpected '\}\}\}'/);
});

test('a block closed with the wrong name is located too', (t) => {
  const e = syntaxError('x\n{{#if a}}\n{{/each}}');
  t.regex(e.message, /if doesn't match each \(line 2, column 4 of the template\)/);
  t.deepEqual(e.location, { file: 'play.yml', line: 11, col: 4 });
});

test('without the text position, the location is reported as given', (t) => {
  t.deepEqual(syntaxError('a {{ b', at, false).location, at);
  t.is(t.throws(() => renderString('a {{ b', {}), { instanceOf: TemplateError })?.location, undefined);
  const viaValue = t.throws(() => renderValue({ k: ['ok', 'x {{ y'] }, {}, at), { instanceOf: TemplateError });
  t.deepEqual(viaValue?.location, at, 'renderValue reports the position of the whole value');
});

test('syntax errors hint at Jinja filters and at literal braces', (t) => {
  const jinja = syntaxError("{{ name | default('x') }}");
  t.regex(jinja.message, /unexpected '\|'/);
  t.regex(jinja.hint ?? '', /\{\{ default x 'y' \}\}/);
  t.is(syntaxError("{{#each l as |x|}}{{ x }").hint, undefined, 'block parameters are not Jinja filters');
  const helm = syntaxError('{{ .Values.x }}');
  t.regex(helm.hint ?? '', /\\\{\{ \.Values\.x \}\} or wrap the text in \{\{\{\{raw\}\}\}\}/);
});

test('strict: an undefined variable is an error naming the whole path', (t) => {
  t.throws(() => r('x {{ missing }}'), { instanceOf: TemplateError, message: /undefined variable 'missing'/ });
  t.throws(() => r('x {{ a.b.c }}', {}), { instanceOf: TemplateError, message: /undefined variable 'a\.b\.c'/ });
  t.throws(() => r('x {{ a.b.c }}', { a: { b: {} } }), { instanceOf: TemplateError, message: /undefined variable 'a\.b\.c'/ });
  t.is(r('x {{ a.b.c }}', { a: { b: { c: 0 } } }), 'x 0');
  t.throws(() => r('line1\n  {{ nope }}'), { instanceOf: TemplateError, message: /undefined variable 'nope' \(line 2, column 6 of the template\)/ });
  t.throws(() => r('line1\n  {{ a.b }}', { a: {} }), { instanceOf: TemplateError, message: /undefined variable 'a\.b' \(line 2, column 6 of the template\)/ });
});

test('an unknown helper is reported as such, with a suggestion', (t) => {
  const err = t.throws(() => r('{{ lowerr x }}', { x: 'a' }), { instanceOf: TemplateError, message: /unknown helper 'lowerr'/ });
  t.is(err?.hint, "did you mean 'lower'?");
});

test('variables named like helpers are still variables', (t) => {
  const vars = { file: 'f.txt', first: 'one', length: 3, items: [{ first: 'a' }, { first: 'b' }] };
  t.is(r('{{ file }}', vars), 'f.txt');
  t.is(r('{{ file }}/{{ first }}/{{ length }}', vars), 'f.txt/one/3');
  t.is(r('{{#each items}}{{ first }}{{/each}}', vars), 'ab');
  t.is(r('{{#each l as |file|}}[{{ file }}]{{/each}}', { l: ['x', 'y'] }), '[x][y]', 'block parameters too');
  t.is(r('{{ upper file }}', vars), 'F.TXT', 'as helper arguments');
});

test('a template that is one helper call keeps the type of its value', (t) => {
  t.deepEqual(r('{{ split "a,b" "," }}'), ['a', 'b']);
  t.is(r('{{ int "8080" }}'), 8080);
  t.is(r('{{ bool "yes" }}'), true);
  t.deepEqual(r('{{ from_yaml s }}', { s: 'k: [1]' }), { k: [1] });
  t.is(r(' {{ int "8080" }}'), ' 8080', 'with any text around it, the result is text');
  t.is(r('{{ int "1" }}{{ int "2" }}'), '12', 'outputs are joined as text, never added');
  t.is(r('{{ a }}{{ b }}', { a: 1, b: 2 }), '12');
  t.is(r('{{#each l}}{{ this }}{{ this }}{{/each}}', { l: [1, true] }), '11truetrue');
  t.deepEqual(r('{{ this.a.b }}', { a: { b: [1] } }), [1]);
});

test('renderValue renders helpers inside nested values', (t) => {
  t.deepEqual(renderValue({ ports: '{{ split p "," }}', name: 'svc-{{ lower n }}' }, { p: '80,443', n: 'WEB' }), {
    ports: ['80', '443'],
    name: 'svc-web',
  });
});

test('paths through lazily rendered scopes and proxies (hostvars)', (t) => {
  const hostvars = new Proxy({} as Vars, {
    get: (_t, name) => (name === 'web1' ? { ansible_host: '10.0.0.1' } : undefined),
    has: (_t, name) => name === 'web1',
    ownKeys: () => ['web1'],
    getOwnPropertyDescriptor: (_t, name) =>
      name === 'web1' ? { enumerable: true, configurable: true, value: { ansible_host: '10.0.0.1' } } : undefined,
  });
  const scope = buildScope([{ port: 8080, url: 'http://{{ hostvars.web1.ansible_host }}:{{ port }}', hostvars }]);
  t.is(scope.url, 'http://10.0.0.1:8080');
  t.is(r('{{ default hostvars.web2.ansible_host "none" }}', scope), 'none');
  t.throws(() => r('x {{ hostvars.web2.ansible_host }}', scope), { instanceOf: TemplateError, message: /undefined variable 'hostvars\.web2\.ansible_host'/ });
});

test('Handlebars built-ins still work: each with @index/@key, with, lookup, whitespace control', (t) => {
  t.is(r('{{#each l}}{{@index}}={{this}} {{/each}}', { l: ['a', 'b'] }), '0=a 1=b ');
  t.is(r('{{#each m}}{{@key}}:{{this}};{{/each}}', { m: { x: 1, y: 2 } }), 'x:1;y:2;');
  t.is(r('{{#with s}}{{ host }}:{{ port }}{{/with}}', { s: { host: 'h', port: 1 } }), 'h:1');
  t.is(r('{{ lookup m k }}', { m: { a: 'A' }, k: 'a' }), 'A');
  t.is(r('a\n  {{~ x ~}}  \nb', { x: 'X' }), 'aXb');
});

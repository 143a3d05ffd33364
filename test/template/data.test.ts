// Value, list and mapping helpers, and JSON/YAML, with Ansible's examples.
import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import type { Vars } from '../../src/inventory/model.js';
import { renderString } from '../../src/template/render.js';

const r = (text: string, vars: Vars = {}) => renderString(text, vars);

test("default / d: {{ x | default('fallback') }}", (t) => {
  t.is(r('{{ default missing "fallback" }}'), 'fallback');
  t.is(r('{{ d missing "fallback" }}'), 'fallback');
  t.is(r('[{{ default missing }}]'), '[]', 'the fallback defaults to an empty string');
  t.is(r('{{ default x "fallback" }}', { x: 'set' }), 'set');
  t.is(r('[{{ default x "fallback" }}]', { x: '' }), '[]', 'a defined empty string is kept');
  t.is(r('{{ default nested.deep.key "fallback" }}', { nested: {} }), 'fallback');
  t.is(r('{{ default missing 5432 }}'), 5432, 'a lone call keeps the fallback type');
  t.deepEqual(r('{{ default x "y" }}', { x: [1, 2] }), [1, 2]);
});

test('default with true: empty and false values are replaced too, as default(x, true)', (t) => {
  t.is(r('{{ default x "fallback" true }}', { x: '' }), 'fallback');
  t.is(r('{{ default x "fallback" true }}', { x: 0 }), 'fallback');
  t.is(r('{{ default x "fallback" true }}', { x: [] }), 'fallback');
  t.is(r('{{ default x "fallback" true }}', { x: null }), 'fallback');
  t.is(r('{{ default x "fallback" true }}', { x: 'set' }), 'set');
  t.is(r('{{ default x "fallback" }}', { x: null }), null, 'without true, null (None) is defined');
});

test("join: {{ list | join(', ') }}", (t) => {
  t.is(r('{{ join l ", " }}', { l: ['a', 'b', 'c'] }), 'a, b, c');
  t.is(r('{{ join l }}', { l: [1, 2, 3] }), '123', 'the separator defaults to nothing');
  t.is(r('{{ join "abc" "-" }}'), 'a-b-c', "a string's characters");
  t.is(r('{{ join l "," attribute="name" }}', { l: [{ name: 'x' }, { name: 'y' }] }), 'x,y');
});

test('join of an undefined value is a clear TemplateError, not a TypeError', (t) => {
  const err = t.throws(() => r('{{ join packages " " }}'), { instanceOf: TemplateError });
  t.regex(err!.message, /^join: expected a list, got undefined/);
  t.regex(err!.message, /packages/, 'names the expression that was undefined');
  t.throws(() => r('x {{ join 5 }}'), { instanceOf: TemplateError, message: /join: expected a list, got the number 5/ });
});

test('length: strings, lists, mappings', (t) => {
  t.is(r('{{ length "abc" }}'), 3);
  t.is(r('{{ length l }}', { l: [1, 2] }), 2);
  t.is(r('{{ length m }}', { m: { a: 1 } }), 1);
  t.is(r('n={{ length l }}', { l: [] }), 'n=0');
  t.throws(() => r('{{ length x }}'), { instanceOf: TemplateError, message: /length: expected a list, got undefined/ });
});

test('first, last', (t) => {
  t.is(r('{{ first l }}', { l: [3, 4, 5] }), 3);
  t.is(r('{{ last l }}', { l: [3, 4, 5] }), 5);
  t.is(r('{{ first "abc" }}{{ last "abc" }}'), 'ac');
  t.is(r('{{ default (first l) "none" }}', { l: [] }), 'none', 'first of an empty list is undefined');
});

test('unique: order kept, equality is structural', (t) => {
  t.deepEqual(r('{{ unique l }}', { l: [1, 2, 1, 3, 2] }), [1, 2, 3]);
  t.deepEqual(r('{{ unique l }}', { l: [{ a: 1 }, { a: 1 }, { a: 2 }] }), [{ a: 1 }, { a: 2 }]);
});

test('sort: case-insensitive by default, reverse, attribute', (t) => {
  const l = ['b', 'C', 'a'];
  t.deepEqual(r('{{ sort l }}', { l }), ['a', 'b', 'C']);
  t.deepEqual(r('{{ sort l case_sensitive=true }}', { l }), ['C', 'a', 'b']);
  t.deepEqual(r('{{ sort l reverse=true }}', { l }), ['C', 'b', 'a']);
  t.deepEqual(r('{{ sort l true }}', { l: [3, 1, 2] }), [3, 2, 1], 'reverse as a positional argument');
  t.deepEqual(r('{{ sort l attribute="n" }}', { l: [{ n: 2 }, { n: 1 }] }), [{ n: 1 }, { n: 2 }]);
  t.deepEqual(l, ['b', 'C', 'a'], 'the input is not changed');
  t.throws(() => r('{{ sort l }}', { l: [1, 'a'] }), { instanceOf: TemplateError, message: /sort: cannot compare/ });
});

test('combine: shallow, recursive, several mappings, list_merge', (t) => {
  const vars = {
    defaults: { a: { x: 'default', y: 'default' }, b: 'default', c: 'default' },
    patch: { a: { y: 'patch', z: 'patch' }, b: 'patch' },
  };
  t.deepEqual(r('{{ combine defaults patch }}', vars), { a: { y: 'patch', z: 'patch' }, b: 'patch', c: 'default' });
  t.deepEqual(r('{{ combine defaults patch recursive=true }}', vars), {
    a: { x: 'default', y: 'patch', z: 'patch' },
    b: 'patch',
    c: 'default',
  });
  t.deepEqual(r('{{ combine a b c }}', { a: { k: 1 }, b: { k: 2 }, c: { j: 3 } }), { k: 2, j: 3 });
  t.deepEqual(r('{{ combine l }}', { l: [{ k: 1 }, { k: 2 }] }), { k: 2 }, 'a list of mappings');
  t.deepEqual(vars.defaults.a, { x: 'default', y: 'default' }, 'inputs are not changed');
  const lists = { d: { a: [1, 1, 2, 3] }, p: { a: [3, 4, 5, 5] } };
  const merge = (how: string) => (r(`{{ combine d p list_merge="${how}" }}`, lists) as { a: number[] }).a;
  t.deepEqual(merge('replace'), [3, 4, 5, 5]);
  t.deepEqual(merge('keep'), [1, 1, 2, 3]);
  t.deepEqual(merge('append'), [1, 1, 2, 3, 3, 4, 5, 5]);
  t.deepEqual(merge('prepend'), [3, 4, 5, 5, 1, 1, 2, 3]);
  t.deepEqual(merge('append_rp'), [1, 1, 2, 3, 4, 5, 5]);
  t.deepEqual(merge('prepend_rp'), [3, 4, 5, 5, 1, 1, 2]);
  t.throws(() => r('{{ combine d "x" }}', lists), { instanceOf: TemplateError, message: /combine: expected mappings, got the string "x"/ });
});

test('dict2items, items2dict', (t) => {
  const m = { a: 1, b: 2 };
  t.deepEqual(r('{{ dict2items m }}', { m }), [
    { key: 'a', value: 1 },
    { key: 'b', value: 2 },
  ]);
  t.deepEqual(r('{{ dict2items m key_name="name" value_name="val" }}', { m }), [
    { name: 'a', val: 1 },
    { name: 'b', val: 2 },
  ]);
  t.deepEqual(r('{{ items2dict (dict2items m) }}', { m }), m);
  t.deepEqual(r('{{ items2dict l key_name="n" value_name="v" }}', { l: [{ n: 'x', v: 1 }] }), { x: 1 });
  t.throws(() => r('{{ items2dict l }}', { l: [{ k: 1 }] }), { instanceOf: TemplateError, message: /with 'key' and 'value'/ });
  t.throws(() => r('{{ dict2items l }}', { l: [] }), { instanceOf: TemplateError, message: /expected a mapping, got a list/ });
});

test("int: Jinja's int filter", (t) => {
  t.is(r('{{ int "42" }}'), 42);
  t.is(r('{{ int "42.9" }}'), 42);
  t.is(r('{{ int " 7 " }}'), 7);
  t.is(r('{{ int "1_000" }}'), 1000);
  t.is(r('{{ int "abc" }}'), 0, 'unreadable gives the default, 0');
  t.is(r('{{ int "abc" 5 }}'), 5);
  t.is(r('{{ int "0x1F" 0 16 }}'), 31);
  t.is(r('{{ int "777" 0 8 }}'), 511);
  t.is(r('{{ int true }}'), 1);
  t.is(r('port={{ int p }}', { p: '8080' }), 'port=8080');
  t.throws(() => r('{{ int p }}'), { instanceOf: TemplateError, message: /int: expected a value, got undefined/ });
});

test('bool: yes/no words, and an error for anything else', (t) => {
  for (const yes of ['yes', 'True', 'on', '1', 'y']) t.is(r('{{ bool x }}', { x: yes }), true, yes);
  for (const no of ['no', 'FALSE', 'off', '0', '']) t.is(r('{{ bool x }}', { x: no }), false, no);
  t.is(r('{{ bool 1 }}'), true);
  t.is(r('{{ bool x }}', { x: null }), false);
  t.throws(() => r('{{ bool "maybe" }}'), { instanceOf: TemplateError, message: /cannot read the string "maybe" as a boolean/ });
});

test('string: a value as text', (t) => {
  t.is(r('{{ string 8080 }}'), '8080');
  t.is(r('{{ string l }}', { l: [1, 'a'] }), '[1,"a"]');
});

test('to_json: Python json.dumps layout, ASCII-escaped', (t) => {
  t.is(r('{{ to_json m }}', { m: { a: 1, b: [1, 2], c: { d: null } } }), '{"a": 1, "b": [1, 2], "c": {"d": null}}');
  t.is(r('{{ to_json "café" }}'), '"caf\\u00e9"');
  t.is(r('{{ to_json "café" ensure_ascii=false }}'), '"café"');
  t.is(r('{{ to_json l }}', { l: [] }), '[]');
  t.is(r('{{ to_json m sort_keys=true }}', { m: { b: 1, a: 2 } }), '{"a": 2, "b": 1}');
});

test('to_nice_json: indent 4, sorted keys', (t) => {
  t.is(
    r('{{ to_nice_json m }}', { m: { b: [1, { y: true }], a: 'x', e: {} } }),
    '{\n    "a": "x",\n    "b": [\n        1,\n        {\n            "y": true\n        }\n    ],\n    "e": {}\n}',
  );
  t.is(r('{{ to_nice_json m indent=2 }}', { m: { a: 1 } }), '{\n  "a": 1\n}');
});

test('to_yaml: sorted keys, collections of scalars in flow style (as PyYAML)', (t) => {
  t.is(r('{{ to_yaml m }}', { m: { b: [1, 2], a: { c: 'x', list: [{ k: 'v' }] } } }), 'a:\n  c: x\n  list:\n    - {k: v}\nb: [1, 2]\n');
  t.is(r('{{ to_yaml m }}', { m: { s: 'yes', mode: '0644' } }), "{mode: '0644', s: 'yes'}\n", 'strings that would read back as other types are quoted');
});

test('to_nice_yaml: block style, indent 4, sorted keys', (t) => {
  t.is(r('{{ to_nice_yaml m }}', { m: { b: [1, 2], a: { c: 'x' } } }), 'a:\n    c: x\nb:\n    - 1\n    - 2\n');
  t.is(r('{{ to_nice_yaml m indent=2 sort_keys=false }}', { m: { b: 1, a: { c: 'x' } } }), 'b: 1\na:\n  c: x\n');
});

test('from_json, from_yaml', (t) => {
  t.deepEqual(r('{{ from_json s }}', { s: '{"a": [1, 2], "b": null}' }), { a: [1, 2], b: null });
  t.deepEqual(r('{{ from_yaml s }}', { s: 'a: [1, 2]\nb: yes\nmode: 0644\n' }), { a: [1, 2], b: true, mode: 420 });
  t.deepEqual(r('{{ from_yaml (to_nice_yaml m) }}', { m: { x: { y: ['a', 'b'] } } }), { x: { y: ['a', 'b'] } });
  t.deepEqual(r('{{ from_json (to_json m) }}', { m: { x: 'é' } }), { x: 'é' });
  t.throws(() => r('{{ from_json "{bad" }}'), { instanceOf: TemplateError, message: /from_json: invalid JSON/ });
  t.throws(() => r('{{ from_yaml "a: [1" }}'), { instanceOf: TemplateError, message: /from_yaml: invalid YAML at line 1/ });
});

test('unknown options and wrong argument counts are reported', (t) => {
  t.throws(() => r('{{ join l "," nope=1 }}', { l: [] }), { instanceOf: TemplateError, message: /join: unknown option 'nope=' \(known: attribute\)/ });
  t.throws(() => r('{{ lower "a" "b" }}'), { instanceOf: TemplateError, message: /lower: expected at most 1 argument, got 2/ });
  t.throws(() => r('{{ replace "a" "b" }}'), { instanceOf: TemplateError, message: /replace: expected at least 3 arguments, got 2/ });
});

// Comparison and boolean helpers, on their own and inside {{#if}}.
import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import type { Vars } from '../../src/inventory/model.js';
import { renderString } from '../../src/template/render.js';

const r = (text: string, vars: Vars = {}) => renderString(text, vars);

test('eq, ne: Python equality (structural, no type coercion)', (t) => {
  t.is(r('{{ eq 1 1 }}'), true);
  t.is(r('{{ eq a b }}', { a: [1, { x: 2 }], b: [1, { x: 2 }] }), true);
  t.is(r('{{ eq 1 "1" }}'), false);
  t.is(r('{{ ne "a" "b" }}'), true);
  t.is(r('{{ ne a b }}', { a: { k: 1 }, b: { k: 1 } }), false);
});

test('gt, gte, lt, lte: numbers with numbers, strings with strings', (t) => {
  t.is(r('{{ gt 3 2 }}'), true);
  t.is(r('{{ gte 2 2 }}'), true);
  t.is(r('{{ lt "a" "b" }}'), true);
  t.is(r('{{ lte 3 2 }}'), false);
  t.is(r('{{ lt a b }}', { a: [1, 2], b: [1, 3] }), true, 'lists compare element by element');
  t.throws(() => r('{{ gt 1 "a" }}'), { instanceOf: TemplateError, message: /gt: cannot compare the number 1 with the string "a"/ });
});

test('an undefined operand is an error naming it, not silently false', (t) => {
  t.throws(() => r('{{#if (gt port 80)}}x{{/if}}'), { instanceOf: TemplateError, message: /gt: expected a value, got undefined \(argument 1: port\)/ });
  t.throws(() => r('{{ eq svc.port 80 }}', { svc: {} }), { instanceOf: TemplateError, message: /argument 1: svc\.port/ });
  t.is(r('{{ eq (default port 80) 80 }}'), true, 'default makes it explicit');
});

test('and, or, not: Python truthiness; and/or return the deciding operand', (t) => {
  t.is(r('{{ and 1 "x" }}'), 'x');
  t.is(r('{{ and 1 0 "x" }}'), 0);
  t.is(r('{{ or "" l "fb" }}', { l: [] }), 'fb');
  t.is(r('{{ or "a" "b" }}'), 'a');
  t.is(r('{{ not m }}', { m: {} }), true, 'an empty mapping is false');
  t.is(r('{{ not "x" }}'), false);
});

test('in: list membership, substring, mapping key', (t) => {
  t.is(r('{{ in "b" l }}', { l: ['a', 'b'] }), true);
  t.is(r('{{ in x l }}', { x: { k: 1 }, l: [{ k: 1 }] }), true);
  t.is(r('{{ in "ell" "hello" }}'), true);
  t.is(r('{{ in "k" m }}', { m: { k: null } }), true);
  t.is(r('{{ in "z" m }}', { m: { k: 1 } }), false);
  t.throws(() => r('{{ in "a" missing }}'), { instanceOf: TemplateError, message: /in: expected a value, got undefined \(argument 2: missing\)/ });
  t.throws(() => r('{{ in 1 "123" }}'), { instanceOf: TemplateError, message: /needs a string on the left/ });
});

test("ternary: {{ (x == 1) | ternary('yes', 'no') }}", (t) => {
  t.is(r('{{ ternary (eq x 1) "yes" "no" }}', { x: 1 }), 'yes');
  t.is(r('{{ ternary (eq x 1) "yes" "no" }}', { x: 2 }), 'no');
  t.is(r('{{ ternary x "yes" "no" "none" }}', { x: null }), 'none');
  t.is(r('{{ ternary x "yes" "no" }}', { x: null }), 'no');
  t.is(r('{{ ternary x 1 2 }}', { x: true }), 1);
});

test('{{#if}} with sub-expressions, else branches, and Python truthiness', (t) => {
  const tpl = '{{#if (and (eq a 1) (gt b 2))}}both{{else if (or (eq a 1) (gt b 2))}}one{{else}}none{{/if}}';
  t.is(r(tpl, { a: 1, b: 3 }), 'both');
  t.is(r(tpl, { a: 1, b: 0 }), 'one');
  t.is(r(tpl, { a: 0, b: 0 }), 'none');
  t.is(r('{{#if m}}yes{{else}}no{{/if}}', { m: {} }), 'no', 'an empty mapping is false, as in Jinja');
  t.is(r('{{#if l}}yes{{else}}no{{/if}}', { l: [] }), 'no');
  t.is(r('{{#if missing}}yes{{else}}no{{/if}}'), 'no', 'an undefined condition is false');
  t.is(r('{{#if a.b.c}}yes{{else}}no{{/if}}', {}), 'no', 'also several levels deep');
  t.is(r('{{#unless x}}off{{/unless}}', { x: false }), 'off');
  t.is(r('{{#if n includeZero=true}}zero{{/if}}', { n: 0 }), 'zero');
  t.is(r('{{#each l}}{{#if (in this ../allowed)}}{{this}};{{/if}}{{/each}}', { l: ['a', 'b', 'c'], allowed: ['a', 'c'] }), 'a;c;');
});

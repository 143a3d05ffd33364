import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import { checkExpression, holds, toCel } from '../../src/expr/evaluate.js';

const vars = { r: { rc: 0, stdout: 'hello world' }, os: 'Debian', n: 3, l: ['a', 'b'], t: true };

const cases: [unknown, boolean][] = [
  ['r.rc == 0', true],
  ['r.rc != 0', false],
  ['os == "Debian" and n > 2', true],
  ['os == "Debian" and not t', false],
  ['n < 2 or "b" in l', true],
  ['r.stdout.contains("world")', true],
  ["'world' in r.stdout", true],
  ["'moon' in r.stdout", false],
  ["'moon' not in r.stdout", true],
  ["not 'world' in r.stdout", false],
  ['not r.rc == 1', true],
  ["'b' not in l and 'z' not in l", false],
  ["os == 'a not in b' or n not in [1, 2]", true],
  ['r is defined', true],
  ['missing is defined', false],
  ['missing is not defined', true],
  [['n == 3', 't'], true],
  [['n == 3', 'not t'], false],
  [true, true],
  [false, false],
];

for (const [expr, want] of cases) {
  test(`condition ${JSON.stringify(expr)} is ${want}`, (t) => {
    t.is(holds(expr, vars), want);
  });
}

test('Ansible spellings become CEL outside string literals only', (t) => {
  t.is(toCel('a and "x and y" or not b'), 'a && "x and y" || !b');
  t.is(toCel(`x not in y and "p not in q" == s and not r.rc == 0`), `!(x in y) && "p not in q" == s && !(r.rc == 0)`);
});

test('a syntax error in an expression is reported before running', (t) => {
  const where = { file: 'p.yml', line: 4, col: 7 };
  const err = t.throws(() => checkExpression('r.rc ==', where), { instanceOf: TemplateError });
  t.deepEqual(err?.location, where);
  t.regex(err?.message ?? '', /bad expression 'r\.rc =='/);
});

test('an undefined variable in a condition is an error, not false', (t) => {
  t.throws(() => holds('nope == 1', vars), { instanceOf: TemplateError, message: /nope/ });
});

import test from 'ava';
import { pythonLiteral } from '../../src/inventory/literal.js';

// Values as Ansible's INI plugin reads them with ast.literal_eval.
const cases: [string, unknown][] = [
  ['2222', 2222],
  ['-5', -5],
  ['1_000', 1000],
  ['0x1F', 31],
  ['0o17', 15],
  ['0b101', 5],
  ['1.5', 1.5],
  ['.5', 0.5],
  ['1e3', 1000],
  ['00', 0],
  ['True', true],
  ['False', false],
  ['None', null],
  ["'a b'", 'a b'],
  ['"it\'s"', "it's"],
  ["'tab\\there'", 'tab\there'],
  ["r'C:\\new'", 'C:\\new'],
  ["'\\x41\\u00e9\\101'", 'Aé\u0041'],
  ["'a' \"b\"", 'ab'],
  ["'''triple'''", 'triple'],
  ['[1, "two", [3]]', [1, 'two', [3]]],
  ['[]', []],
  ['(1, 2)', [1, 2]],
  ['(1,)', [1]],
  ['(7)', 7],
  ["{'k': 1, 'n': {'m': None}}", { k: 1, n: { m: null } }],
  ['{}', {}],
  ['{1, 2, 1}', [1, 2]],
  ['8080 # inline comment', 8080],
  // Not Python literals: kept as written.
  ['ubuntu', 'ubuntu'],
  ['true', 'true'],
  ['yes', 'yes'],
  ['0644', '0644'],
  ['1abc', '1abc'],
  ['1j', '1j'],
  ['12345678901234567890', '12345678901234567890'],
  ['~/.ssh/mosip.pem', '~/.ssh/mosip.pem'],
  ['10.0.0.5', '10.0.0.5'],
  ["'unterminated", "'unterminated"],
  ['[1, 2', '[1, 2'],
  ['{1: 2, 3}', '{1: 2, 3}'],
  ['toString', 'toString'],
  ["f'x'", "f'x'"],
  ['hello # not a comment here', 'hello # not a comment here'],
  ['', ''],
];

for (const [text, expected] of cases) {
  test(`pythonLiteral(${JSON.stringify(text)})`, (t) => {
    t.deepEqual(pythonLiteral(text), expected);
  });
}

import test from 'ava';
import { PlaybookError } from '../../src/errors.js';
import { locate, parseYaml } from '../../src/yaml/load.js';

test('keeps positions of keys, items and nested mappings', (t) => {
  const v = parseYaml('a: 1\nb:\n  - x\n  - {c: 2}\n', 'f.yml') as { b: [string, { c: number }] };
  t.deepEqual(locate(v, 'b'), { file: 'f.yml', line: 2, col: 1 });
  t.deepEqual(locate(v.b, 1), { file: 'f.yml', line: 4, col: 5 });
  t.deepEqual(locate(v.b[1], 'c'), { file: 'f.yml', line: 4, col: 6 });
});

test('reads YAML as Ansible does: yes/no, octal modes, merge keys', (t) => {
  const v = parseYaml('base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\nmode: 0644\nflag: yes\noff_: off\nq: "0644"\n', 'f.yml');
  t.deepEqual(v, { base: { x: 1 }, m: { x: 1, y: 2 }, mode: 0o644, flag: true, off_: false, q: '0644' });
});

test('a syntax error names file, line and column', (t) => {
  const err = t.throws(() => parseYaml('a: 1\n b: 2\n', 'bad.yml'), { instanceOf: PlaybookError });
  t.is(err?.location?.file, 'bad.yml');
  t.is(err?.location?.line, 2);
  t.regex(err?.message ?? '', /^YAML syntax error/);
});

test('a tab used for indentation is reported at its line', (t) => {
  const err = t.throws(() => parseYaml('a:\n\t- b\n', 'tab.yml'), { instanceOf: PlaybookError });
  t.is(err?.location?.line, 2);
});

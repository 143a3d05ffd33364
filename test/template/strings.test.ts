// String helpers, each with the Ansible/Jinja example it stands for.
import { createHash } from 'node:crypto';
import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import type { Vars } from '../../src/inventory/model.js';
import { renderString } from '../../src/template/render.js';

const r = (text: string, vars: Vars = {}) => renderString(text, vars);

test('lower, upper: {{ x | lower }}', (t) => {
  t.is(r('{{ lower x }}', { x: 'Hello World' }), 'hello world');
  t.is(r('{{ upper x }}', { x: 'Hello World' }), 'HELLO WORLD');
  t.is(r('v{{ lower 5 }}'), 'v5');
});

test('trim: whitespace, or the given characters', (t) => {
  t.is(r('[{{ trim x }}]', { x: '  \t padded \n' }), '[padded]');
  t.is(r('{{ trim x "x" }}', { x: 'xxhixx' }), 'hi');
});

test("replace: every occurrence, or the first count: {{ 'a-b-c' | replace('-', '+', 1) }}", (t) => {
  t.is(r('{{ replace x "-" "+" }}', { x: 'a-b-c' }), 'a+b+c');
  t.is(r('{{ replace x "-" "+" 1 }}', { x: 'a-b-c' }), 'a+b-c');
  t.is(r('{{ replace "abc" "" "-" }}'), '-a-b-c-');
});

test('regex_replace: Python backreferences \\1 and \\g<name>', (t) => {
  // Ansible docs: 'ansible' | regex_replace('^a.*i(.*)$', 'a\\1') == 'able'
  t.is(r('{{ regex_replace "ansible" "^a.*i(.*)$" "a\\1" }}'), 'able');
  t.is(r('{{ regex_replace "foobar" "^f.*o(.*)$" "\\1" }}'), 'bar');
  t.is(
    r('{{ regex_replace "localhost:80" "^(?P<host>.+):(?P<port>\\d+)$" "\\g<host>, \\g<port>" }}'),
    'localhost, 80',
  );
  t.is(r('{{ regex_replace "ABC" "b" "x" ignorecase=true }}'), 'AxC');
  t.is(r('{{ regex_replace "aaa" "a" "b" count=2 }}'), 'bba');
  t.is(r('{{ regex_replace "x" "x" "$1$$" }}'), '$1$$', '$ is literal, as in Python');
  t.is(r('{{ regex_replace "a\nb" "^" "> " multiline=true }}'), '> a\n> b');
  t.is(r('{{ regex_replace "ab" "(?i)A" "X" }}'), 'Xb', 'leading inline flags');
  t.is(r('{{ regex_replace "aXa" "(?P<c>a)X(?P=c)" "ok" }}'), 'ok');
  t.is(r('{{ regex_replace "a b" "\\s+" "" }}'), 'ab', 'the replacement defaults to the argument given');
});

test('regex_replace: a bad pattern or group is a TemplateError', (t) => {
  t.throws(() => r('{{ regex_replace "a" "(" "" }}'), { instanceOf: TemplateError, message: /regex_replace: invalid regular expression/ });
  t.throws(() => r('{{ regex_replace "a" "a" "\\2" }}'), { instanceOf: TemplateError, message: /invalid group reference 2/ });
  t.throws(() => r('{{ regex_replace "a" "a" "\\q" }}'), { instanceOf: TemplateError, message: /bad escape \\q/ });
  t.throws(() => r('{{ regex_replace "ab" "\\Aa" "X" }}'), { instanceOf: TemplateError, message: /\\A is not supported; use \^/ }, 'rather than matching a literal A');
  t.throws(() => r('{{ regex_replace "ab" "(?x) a" "X" }}'), { instanceOf: TemplateError, message: /verbose patterns/ });
  t.throws(() => r('{{ regex_replace x "a" "b" }}'), { instanceOf: TemplateError, message: /regex_replace: expected a string, got undefined \(argument 1: x\)/ });
});

test('regex_search: the match, the groups, or undefined', (t) => {
  t.is(r('{{ regex_search "server1/database42" "database[0-9]+" }}'), 'database42');
  t.deepEqual(r('{{ regex_search "server1/database42" "server([0-9]+)/database([0-9]+)" "\\1" "\\2" }}'), ['1', '42']);
  t.deepEqual(r('{{ regex_search "k=v" "(?P<key>\\w)=(?P<val>\\w)" "\\g<val>" }}'), ['v']);
  t.is(r('{{ regex_search "ansible" "foobar" }}'), '', 'no match renders as nothing');
  t.is(r('{{ default (regex_search "ansible" "foobar") "none" }}'), 'none', 'and is undefined to default');
  t.is(r('{{#if (regex_search "ansible" "^ans")}}yes{{/if}}'), 'yes');
});

test('regex_findall: every match', (t) => {
  t.deepEqual(r('{{ regex_findall "a1b22c333" "\\d+" }}'), ['1', '22', '333']);
  t.deepEqual(r('{{ regex_findall "a=1 b=2" "(\\w)=(\\d)" }}'), [['a', '1'], ['b', '2']]);
});

test("split: Python's str.split", (t) => {
  t.deepEqual(r('{{ split "a,b,,c" "," }}'), ['a', 'b', '', 'c']);
  t.deepEqual(r('{{ split "  a  b\tc " }}'), ['a', 'b', 'c']);
  t.deepEqual(r('{{ split "a,b,c" "," 1 }}'), ['a', 'b,c']);
  t.is(r('{{ join (split "a b" " ") "+" }}'), 'a+b');
});

test('quote: POSIX shell quoting like shlex.quote', (t) => {
  t.is(r('{{ quote "safe-word_1.txt" }}'), 'safe-word_1.txt');
  t.is(r('{{ quote "hello world" }}'), "'hello world'");
  t.is(r('{{ quote x }}', { x: "it's" }), `'it'"'"'s'`);
  t.is(r('{{ quote "" }}'), "''");
  t.is(r('echo {{ quote x }}', { x: '$(rm -rf /); `x`' }), "echo '$(rm -rf /); `x`'");
});

test('indent: width, first line, blank lines, like Jinja', (t) => {
  const x = 'a\nb\n\nc';
  t.is(r('{{ indent x 2 }}', { x }), 'a\n  b\n\n  c');
  t.is(r('{{ indent x 2 true }}', { x }), '  a\n  b\n\n  c');
  t.is(r('{{ indent x 2 false true }}', { x }), 'a\n  b\n  \n  c');
  t.is(r('{{ indent x width=3 first=true }}', { x: 'a\nb\n' }), '   a\n   b\n', 'a trailing newline stays');
  t.is(r('{{ indent x }}', { x: 'a\nb' }), 'a\n    b', 'width defaults to 4');
  t.is(r('{{ indent x "> " }}', { x: 'a\nb' }), 'a\n> b', 'a string width is the indentation');
});

test('b64encode, b64decode: UTF-8 text', (t) => {
  t.is(r('{{ b64encode "hello" }}'), 'aGVsbG8=');
  t.is(r('{{ b64encode "café" }}'), 'Y2Fmw6k=');
  t.is(r('{{ b64decode "Y2Fmw6k=" }}'), 'café');
  t.is(r('{{ b64decode (b64encode x) }}', { x: 'round\ntrip' }), 'round\ntrip');
  t.is(r('{{ b64encode "ab" encoding="utf-16-le" }}'), 'YQBiAA==');
  t.throws(() => r('{{ b64decode "abc" }}'), { instanceOf: TemplateError, message: /incorrect padding/ });
});

test("basename, dirname: Python's os.path", (t) => {
  t.is(r('{{ basename "/etc/asdf/foo.txt" }}'), 'foo.txt');
  t.is(r('{{ dirname "/etc/asdf/foo.txt" }}'), '/etc/asdf');
  t.is(r('[{{ basename "/etc/asdf/" }}]'), '[]');
  t.is(r('{{ dirname "/etc/asdf/" }}'), '/etc/asdf');
  t.is(r('[{{ dirname "foo" }}]'), '[]');
  t.is(r('{{ dirname "/foo" }}'), '/');
});

test('hash, checksum: hex digests', (t) => {
  const sha = (alg: string, s: string) => createHash(alg).update(s).digest('hex');
  t.is(r('{{ hash "test1" }}'), 'b444ac06613fc8d63795be9ad0beaf55011936ac', 'sha1 by default');
  t.is(r('{{ hash "test1" "sha256" }}'), sha('sha256', 'test1'));
  t.is(r('{{ hash "test1" "md5" }}'), sha('md5', 'test1'));
  t.is(r('{{ checksum "test1" }}'), sha('sha1', 'test1'));
  t.throws(() => r('{{ hash "x" "rot13" }}'), { instanceOf: TemplateError, message: /unsupported hash algorithm "rot13"/ });
});

// Ansible's loop lookups as mosip-play expands them: with_nested,
// with_together, with_subelements, with_sequence, with_indexed_items. Every
// expected value below is what ansible-playbook 2.14.18 printed for the same
// loop (`debug: var=item`, `-i localhost, -c local`, json callback); the few
// places where mosip-play deliberately differs are tested apart, at the end.
import test from 'ava';
import { join } from 'node:path';
import { TemplateError } from '../../src/errors.js';
import { loopItems } from '../../src/engine/loop-items.js';
import { pyRepr } from '../../src/engine/py-repr.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import type { Vars } from '../../src/inventory/model.js';
import type { Task } from '../../src/playbook/model.js';
import { tempTree } from '../helpers/tmp.js';

const VARS = {
  users: [
    { name: 'alice', authorized: ['/tmp/alice/one.pub', '/tmp/alice/two.pub'], mysql: { password: 'pw1', hosts: ['%', '127.0.0.1'], privs: ['*.*:SELECT'] }, groups: ['wheel'] },
    { name: 'bob', authorized: ['/tmp/bob/id.pub'], mysql: { password: 'pw2', hosts: ['db1'], privs: [] } },
  ],
  letters: ['a', 'b'],
  numbers: [1, 2, 3],
  users_by_name: { alice: { name: 'alice', keys: ['k1'] }, bob: { name: 'bob', keys: ['k2', 'k3'] } },
  skipped_reg: { skipped: true, results: [] },
  mixed: [{ name: 'x', keys: [1] }, { name: 'y', skipped: true, keys: [2] }, { name: 'z', skipped: false, keys: [3] }],
  end_at: 4,
};

/** [case, the loop's value as written in YAML, Ansible's items or its error]. */
type Case = [string, string, unknown[] | { error: string }];

const CASES: Record<string, Case[]> = {
  nested: [
    ['two lists', '[[alice, bob], [db1, db2, db3]]', [
      ["alice", "db1"],
      ["alice", "db2"],
      ["alice", "db3"],
      ["bob", "db1"],
      ["bob", "db2"],
      ["bob", "db3"],
    ]],
    ['three lists', '[[a, b], [1, 2], [x]]', [["a", 1, "x"], ["a", 2, "x"], ["b", 1, "x"], ["b", 2, "x"]]],
    ['var', "['{{ letters }}', '{{ numbers }}']", [["a", 1], ["a", 2], ["a", 3], ["b", 1], ["b", 2], ["b", 3]]],
    ['one list', '[[ab, c]]', [["a", "b"], ["c"]]],
    ['scalar term', '[x, [1, 2]]', [["x", 1], ["x", 2]]],
    ['list elements flattened', '[[[1, 2], [3]], [[4, 5]]]', [[1, 2, 4, 5], [3, 4, 5]]],
    ['deep', '[[[1, [2, 3]]], [4]]', [[1, 2, 3, 4]]],
    ['dict term', '[{k1: v1, k2: v2}, [1]]', [["k1", 1], ["k2", 1]]],
    ['empty', '[]', {"error": "with_nested requires at least one element in the nested list"}],
    ['empty inner', '[[a, b], []]', []],
    ['string whole', 'abc', [["a", "b", "c"]]],
    ['null term', '[[a], null]', [["a", null]]],
    ['dict whole', '{a: [1], b: [2]}', [["a", "b"]]],
    ['dict in one list', '[[{a: 1, b: 2}]]', [["a", "b"]]],
    ['list of dicts two', '[[{a: 1}], [x]]', [[{"a": 1}, "x"]]],
  ],
  together: [
    ['two', '[[a, b, c, d], [1, 2, 3, 4]]', [["a", 1], ["b", 2], ["c", 3], ["d", 4]]],
    ['uneven', '[[a, b, c], [1]]', [["a", 1], ["b", null], ["c", null]]],
    ['uneven first short', '[[a], [1, 2, 3]]', [["a", 1], [null, 2], [null, 3]]],
    ['var', "['{{ letters }}', '{{ numbers }}']", [["a", 1], ["b", 2], [null, 3]]],
    ['one', '[[a, b]]', [["a"], ["b"]]],
    ['list elements', '[[[1, 2], 3], [4, [5]]]', [[1, 2, 4], [3, 5]]],
    ['string term', '[abc, [1, 2]]', [["abc", 1], [null, 2]]],
    ['empty', '[]', {"error": "with_together requires at least one element in each list"}],
    ['dict term', '[{k1: v1}, [1]]', [["k1", 1]]],
    ['scalar', '[5, [1, 2]]', [[5, 1], [null, 2]]],
    ['null', '[null, [1]]', [[null, 1]]],
    ['string whole', 'abc', [["abc"]]],
    ['strings flattened', '[[ab], [cd]]', [["ab", "cd"]]],
    ['dict elements', '[[{a: 1}], [2]]', [[{"a": 1}, 2]]],
    ['nested lists', '[[[[1]]], [2]]', [[[1], 2]]],
  ],
  subelements: [
    ['basic', "['{{ users }}', authorized]", [
      [{"groups": ["wheel"], "mysql": {"hosts": ["%", "127.0.0.1"], "password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "/tmp/alice/one.pub"],
      [{"groups": ["wheel"], "mysql": {"hosts": ["%", "127.0.0.1"], "password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "/tmp/alice/two.pub"],
      [{"mysql": {"hosts": ["db1"], "password": "pw2", "privs": []}, "name": "bob"}, "/tmp/bob/id.pub"],
    ]],
    ['nested key', "['{{ users }}', mysql.hosts]", [
      [{"authorized": ["/tmp/alice/one.pub", "/tmp/alice/two.pub"], "groups": ["wheel"], "mysql": {"password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "%"],
      [{"authorized": ["/tmp/alice/one.pub", "/tmp/alice/two.pub"], "groups": ["wheel"], "mysql": {"password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "127.0.0.1"],
      [{"authorized": ["/tmp/bob/id.pub"], "mysql": {"password": "pw2", "privs": []}, "name": "bob"}, "db1"],
    ]],
    ['missing', "['{{ users }}', groups]", {"error": "could not find 'groups' key in iterated item '{'name': 'bob', 'authorized': ['/tmp/bob/id.pub'], 'mysql': {'password': 'pw2', 'hosts': ['db1'], 'privs': []}}'"}],
    ['skip_missing', "['{{ users }}', groups, {skip_missing: true}]", [
      [{"authorized": ["/tmp/alice/one.pub", "/tmp/alice/two.pub"], "mysql": {"hosts": ["%", "127.0.0.1"], "password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "wheel"],
    ]],
    ['skip_missing str', "['{{ users }}', groups, {skip_missing: 'yes'}]", [
      [{"authorized": ["/tmp/alice/one.pub", "/tmp/alice/two.pub"], "mysql": {"hosts": ["%", "127.0.0.1"], "password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "wheel"],
    ]],
    ['skip_missing false', "['{{ users }}', groups, {skip_missing: false}]", {"error": "could not find 'groups' key in iterated item '{'name': 'bob', 'authorized': ['/tmp/bob/id.pub'], 'mysql': {'password': 'pw2', 'hosts': ['db1'], 'privs': []}}'"}],
    ['empty sublist', "['{{ users }}', mysql.privs]", [
      [{"authorized": ["/tmp/alice/one.pub", "/tmp/alice/two.pub"], "groups": ["wheel"], "mysql": {"hosts": ["%", "127.0.0.1"], "password": "pw1"}, "name": "alice"}, "*.*:SELECT"],
    ]],
    ['dict input', "['{{ users_by_name }}', keys]", [[{"name": "alice"}, "k1"], [{"name": "bob"}, "k2"], [{"name": "bob"}, "k3"]]],
    ['skipped dict', "['{{ skipped_reg }}', results]", []],
    ['skipped items', "['{{ mixed }}', keys]", [[{"name": "x"}, 1], [{"name": "z", "skipped": false}, 3]]],
    ['second not string', "['{{ users }}', 5]", {"error": "subelements lookup expects a list of two or three items, first a dict or a list, second a string pointing to the subkey"}],
    ['first string', '[users, authorized]', {"error": "subelements lookup expects a dictionary, got 'users'"}],
    ['not dict items', '[[1, 2], authorized]', {"error": "subelements lookup expects a dictionary, got '1'"}],
    ['bad flags', "['{{ users }}', groups, skip_missing]", {"error": "subelements lookup expects a list of two or three items, the optional third item must be a dict with flags skip_missing"}],
    ['not list', "['{{ users }}', name]", {"error": "the key name should point to a list, got 'alice'"}],
    ['not dict mid', "['{{ users }}', name.x]", {"error": "the key name should point to a dictionary, got 'alice'"}],
    ['not dict mid skip', "['{{ users }}', name.x, {skip_missing: true}]", []],
    ['missing mid skip', "['{{ users }}', nope.authorized, {skip_missing: true}]", [
      [{"groups": ["wheel"], "mysql": {"hosts": ["%", "127.0.0.1"], "password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "/tmp/alice/one.pub"],
      [{"groups": ["wheel"], "mysql": {"hosts": ["%", "127.0.0.1"], "password": "pw1", "privs": ["*.*:SELECT"]}, "name": "alice"}, "/tmp/alice/two.pub"],
      [{"mysql": {"hosts": ["db1"], "password": "pw2", "privs": []}, "name": "bob"}, "/tmp/bob/id.pub"],
    ]],
    ['not list skip', "['{{ users }}', name, {skip_missing: true}]", {"error": "the key name should point to a list, got 'alice'"}],
    ['repeated key', '[[{a: {a: [1, 2]}}], a.a]', {"error": "the key a should point to a list, got '{'a': [1, 2]}'"}],
    ['list items in sublist', '[[{l: [[1, 2], {k: v}], name: a}], l]', [[{"name": "a"}, [1, 2]], [{"name": "a"}, {"k": "v"}]]],
    ['skip_missing 1', '[[{name: a}], l, {skip_missing: 1}]', []],
    ['skip_missing on', "[[{name: a}], l, {skip_missing: 'on'}]", []],
    ['skip null', '[[{l: [1], name: a, skipped: null}], l]', []],
    ['skip 0', '[[{l: [1], name: a, skipped: 0}], l]', []],
    ['dict skipped false', '[{a: {l: [1]}, skipped: false}, l]', {"error": "subelements lookup expects a dictionary, got 'False'"}],
    ['null sub', '[[{l: null, name: a}], l]', {"error": "the key l should point to a list, got 'None'"}],
    ['first null', '[null, l]', {"error": "subelements lookup expects a dictionary, got 'None'"}],
    ['first number', '[5, l]', {"error": "subelements lookup expects a dictionary, got '5'"}],
    ['empty key', "[[{l: [1]}], '']", {"error": "could not find '' key in iterated item '{'l': [1]}'"}],
    ['trailing dot', "[[{l: {? '' : [1]}}], l.]", [[{"l": {}}, 1]]],
  ],
  sequence: [
    ['kv', 'start=1 end=5', ["1", "2", "3", "4", "5"]],
    ['stride', 'start=4 end=16 stride=2', ["4", "6", "8", "10", "12", "14", "16"]],
    ['count', 'count=4', ["1", "2", "3", "4"]],
    ['countdown', 'start=10 end=0 stride=-1', ["10", "9", "8", "7", "6", "5", "4", "3", "2", "1", "0"]],
    ['format', 'start=0 end=3 format=testuser%02x', ["testuser00", "testuser01", "testuser02", "testuser03"]],
    ['hex start count', 'start=0x0f00 count=4 format=%04x', ["0f00", "0f01", "0f02", "0f03"]],
    ['count stride', 'start=1 count=5 stride=2', ["1", "3", "5", "7", "9"]],
    ['count neg stride', 'start=10 count=3 stride=-1', ["10", "9", "8", "7", "6"]],
    ['count zero', 'count=0', []],
    ['var', 'start=1 end="{{ end_at }}"', ["1", "2", "3", "4"]],
    ['shortcut end', "'5'", ["1", "2", "3", "4", "5"]],
    ['shortcut range', '5-8', ["5", "6", "7", "8"]],
    ['shortcut stride', '2-10/2', ["2", "4", "6", "8", "10"]],
    ['shortcut format', '4:host%02d', ["host01", "host02", "host03", "host04"]],
    ['shortcut all', '0x8-0x10/4:n%d', ["n8", "n12", "n16"]],
    ['list terms', '[1-2, count=2 start=7]', ["1", "2", "7", "8"]],
    ['both', 'start=1 end=5 count=3', {"error": "can't specify both count and end in with_sequence"}],
    ['neither', 'start=1', {"error": "must specify count or end in with_sequence"}],
    ['backwards', 'start=5 end=1', {"error": "to count backwards make stride negative"}],
    ['forward neg', 'start=1 end=5 stride=-1', {"error": "to count forward don't make stride negative"}],
    ['bad format', 'count=2 format=a%db%d', {"error": "bad formatting string: a%db%d"}],
    ['no percent', 'count=2 format=abc', {"error": "bad formatting string: abc"}],
    ['bad int', 'start=x end=5', {"error": "can't parse start=x as integer"}],
    ['octal', 'start=0600 end=0602', {"error": "can't parse start=0600 as integer"}],
    ['octal 0o', 'start=0o10 end=0o12 format=%o', ["10", "11", "12"]],
    ['unknown arg', 'count=2 foo=bar', {"error": "unrecognized arguments to with_sequence: ['foo']"}],
    ['raw word', 'count=2 foo', {"error": "unrecognized arguments to with_sequence: ['_raw_params']"}],
    ['shortcut bad', 'a-5', {"error": "can't parse start=a as integer"}],
    ['shortcut octal', "'010'", {"error": "can't parse end=010 as integer"}],
    ['stride zero', 'start=1 end=5 stride=0', []],
    ['negative count', 'count=-2', {"error": "to count backwards make stride negative"}],
    ['bad conversion', 'count=2 format=%q', {"error": "problem formatting 1 with '%q'"}],
    ['format s', 'count=2 format=<%5s>', ["<    1>", "<    2>"]],
    ['format neg', 'start=-2 end=2 format=%+03d', ["-02", "-01", "+00", "+01", "+02"]],
    ['format f', 'count=2 format=%.2f', ["1.00", "2.00"]],
    ['format e', 'start=1 end=1000001 stride=250000 format=%e|', [
      "1.000000e+00|",
      "2.500010e+05|",
      "5.000010e+05|",
      "7.500010e+05|",
      "1.000001e+06|",
    ]],
    ['format g', 'start=1 end=10000001 stride=2500000 format=%g', ["1", "2.5e+06", "5e+06", "7.5e+06", "1e+07"]],
    ['format c', 'start=65 end=67 format=%c', ["A", "B", "C"]],
    ['format hash', 'start=8 end=9 format=%#x/%#o', {"error": "bad formatting string: %#x/%#o"}],
    ['format left', 'count=2 format=[%-4d]', ["[1   ]", "[2   ]"]],
    ['format prec', 'count=2 format=%.3d', ["001", "002"]],
    ['format X', 'start=250 end=251 format=%X', ["FA", "FB"]],
    ['empty end', 'start=1 end=', {"error": "can't parse end= as integer"}],
    ['quoted', "start=1 end=2 format='a %d'", ["a 1", "a 2"]],
    ['underscore', 'start=1_0 end=11', ["10", "11"]],
    ['plus', 'start=+3 end= 4', {"error": "can't parse end= as integer"}],
    ['spaces', 'start = 1 end=2', {"error": "unrecognized arguments to with_sequence: ['_raw_params']"}],
    ['format hashx', 'start=8 end=9 format=%#x', ["0x8", "0x9"]],
    ['format hasho', 'start=8 end=9 format=%#o', ["0o10", "0o11"]],
    ['format hashX', 'start=250 end=251 format=%#X', ["0XFA", "0XFB"]],
    ['format space', 'start=-1 end=1 format=(% d)', {"error": "unrecognized arguments to with_sequence: ['_raw_params']"}],
    ['format leftplus', 'start=-1 end=1 format=(%-+5d)', ["(-1   )", "(+0   )", "(+1   )"]],
    ['format zeroleft', 'start=-1 end=1 format=(%-05d)', ["(-1   )", "(0    )", "(1    )"]],
    ['format i u', 'count=2 format=%i', ["1", "2"]],
    ['format u', 'count=2 format=%u', ["1", "2"]],
    ['format r', 'count=2 format=%r', ["1", "2"]],
    ['format a', 'count=2 format=%a', ["1", "2"]],
    ['format ld', 'count=2 format=%ld', ["1", "2"]],
    ['format mapping', 'count=2 format=%(x)d', {"error": "problem formatting 1 with '%(x)d'"}],
    ['format star', 'count=2 format=%*d', {"error": "problem formatting 1 with '%*d'"}],
    ['format 5c', 'start=65 end=65 format=%5c', ["    A"]],
    ['format c neg', 'start=-1 end=-1 format=%c', {"error": "unknown error generating sequence: %c arg not in range(0x110000)"}],
    ['format .0e', 'start=15 end=25 stride=10 format=%.0e', ["2e+01", "2e+01"]],
    ['format G', 'start=1234567 end=1234567 format=%G', ["1.23457E+06"]],
    ['format E', 'start=12 end=12 format=%E', ["1.200000E+01"]],
    ['format F', 'start=12 end=12 format=%F', ["12.000000"]],
    ['format hash g', 'start=12 end=12 format=%#g', ["12.0000"]],
    ['format 10.3g', 'start=123456 end=123456 format=[%10.3g]', ["[  1.23e+05]"]],
    ['format g small', 'start=100000 end=100000 format=%g', ["100000"]],
    ['format g neg', 'start=-5 end=-5 format=%g', ["-5"]],
    ['format g zero', 'start=0 end=0 format=%g|%', {"error": "bad formatting string: %g|%"}],
    ['format .1s', 'start=10 end=10 format=%.1s', ["1"]],
    ['format trailing pct', 'count=1 format=abc%', {"error": "problem formatting 1 with 'abc%'"}],
    ['format percent only', 'count=1 format=%', {"error": "problem formatting 1 with '%'"}],
    ['format 08.3f', 'start=-3 end=-3 format=%08.3f', ["-003.000"]],
    ['format 5.1f round', 'start=3 end=3 format=%5.1f', ["  3.0"]],
    ['format +x', 'start=-255 end=-255 format=%+#06x', ["-0x0ff"]],
    ['format o neg', 'start=-8 end=-8 format=%#o', ["-0o10"]],
    ['format zero prec', 'start=0 end=0 format=[%.0d]', ["[0]"]],
    ['format prec5 width', 'start=-7 end=-7 format=[%8.5d]', ["[  -00007]"]],
    ['format zero flag with prec', 'start=7 end=7 format=[%08.5d]', ["[00000007]"]],
    ['format hash 0x prec', 'start=7 end=7 format=[%#.4x]', ["[0x0007]"]],
    ['format s zero', 'start=7 end=7 format=[%05s]', ["[    7]"]],
    ['format c zero', 'start=65 end=65 format=[%-3c]', ["[A  ]"]],
    ['format spaces', 'count=1 format="a b %d"', ["a b 1"]],
    ['empty string', "''", {"error": "must specify count or end in with_sequence"}],
    ['hex upper', 'start=0X0A end=0xc', ["10", "11", "12"]],
    ['bin', 'start=0b1 end=0b11', ["1", "2", "3"]],
    ['neg start', 'start=-3 end=-1', ["-3", "-2", "-1"]],
    ['count stride -2', 'start=0 count=3 stride=-2', ["0", "-2", "-4", "-6"]],
    ['shortcut hex', 'x5', {"error": "can't parse end=x5 as integer"}],
    ['shortcut 0x upper', '0XA', ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]],
    ['shortcut format colon', '2:a:%d', ["a:1", "a:2"]],
    ['shortcut stride only', '6/2', ["1", "3", "5"]],
    ['shortcut zero', "'0'", {"error": "to count backwards make stride negative"}],
    ['shortcut reverse', '5-1', {"error": "to count backwards make stride negative"}],
    ['count with shortcut string kv', 'count=3 start=0 stride=3', ["0", "3", "6"]],
    ['format with equals', 'count=1 format=a=%d', ["a=1"]],
    ['dup key', 'count=1 count=2', ["1", "2"]],
    ['end hex count', 'end=0x3 format=%s', ["1", "2", "3"]],
    ['start only end shortcut spaces', "' 3 '", ["1", "2", "3"]],
    ['dict', '{count: 2}', {"error": "unrecognized arguments to with_sequence: ['_raw_params']"}],
    ['unterminated', "count=1 format='%d", {"error": "failed at splitting arguments, either an unbalanced jinja2 block or quotes: count=1 format='%d"}],
  ],
  indexed_items: [
    ['basic', '[a, b, c]', [[0, "a"], [1, "b"], [2, "c"]]],
    ['var', "'{{ letters }}'", [[0, "a"], [1, "b"]]],
    ['nested flatten', '[[a, b], c, [[d]]]', [[0, "a"], [1, "b"], [2, "c"], [3, ["d"]]]],
    ['string', 'abc', [[0, "abc"]]],
    ['empty', '[]', []],
    ['dict', '{a: 1}', {"error": "with_indexed_items expects a list"}],
    ['null', '[null, [1, null]]', [[0, null], [1, 1], [2, null]]],
    ['number', '5', [[0, 5]]],
  ],
};

/** Every case as one task of one playbook, loaded as a run loads it. */
function loadCases(): Map<string, Task> {
  const tasks = Object.entries(CASES).flatMap(([kind, cases]) =>
    cases.map(([name, value]) => `    - name: ${JSON.stringify(`${kind}: ${name}`)}\n      debug: var=item\n      with_${kind}: ${value}\n`),
  );
  const dir = tempTree({ 'play.yml': `- hosts: h01\n  gather_facts: false\n  tasks:\n${tasks.join('')}` });
  const [play] = loadPlaybook(join(dir, 'play.yml'));
  return new Map(play!.sections.flatMap((s) => s.steps).map((step) => [(step as Task).name!, step as Task]));
}

const TASKS = loadCases();

for (const [kind, cases] of Object.entries(CASES)) {
  for (const [name, value, expected] of cases) {
    test(`with_${kind}: ${name}: ${value}`, (t) => {
      const task = TASKS.get(`${kind}: ${name}`)!;
      if (Array.isArray(expected)) {
        t.deepEqual(loopItems(task, VARS, '/nonexistent'), expected);
      } else {
        const err = t.throws(() => loopItems(task, VARS, '/nonexistent'), { instanceOf: TemplateError });
        t.is(err?.message, expected.error);
        t.deepEqual(err?.location, task.where, "the error names the task's file:line:col");
      }
    });
  }
}

/** A playbook whose one task loops with `with_<kind>: <value>`, loaded. */
function loopTask(kind: string, value: string): Task {
  const dir = tempTree({ 'play.yml': `- hosts: h01\n  gather_facts: false\n  tasks:\n    - debug: var=item\n      with_${kind}: ${value}\n` });
  return loadPlaybook(join(dir, 'play.yml'))[0]!.sections[1]!.steps[0] as Task;
}

/** Items, or the message of the TemplateError the loop gives. */
function expand(kind: string, value: string, vars: Vars = VARS): unknown[] | string {
  try {
    return loopItems(loopTask(kind, value), vars, '/nonexistent');
  } catch (err) {
    if (err instanceof TemplateError) return err.message;
    throw err;
  }
}

test('an error names the task, as file:line:col', (t) => {
  const task = loopTask('sequence', 'start=5 end=1');
  const err = t.throws(() => loopItems(task, {}, '/nonexistent'), { instanceOf: TemplateError });
  t.deepEqual(err?.location, { file: task.where.file, line: 4, col: 7 });
  t.regex(task.where.file, /play\.yml$/);
});

test('a loop value is templated first: an undefined variable is an error', (t) => {
  t.is(expand('nested', "['{{ nope }}', [1]]"), "undefined variable 'nope'");
  t.deepEqual(expand('together', "['{{ letters }}', [x]]", { letters: ['a'] }), [['a', 'x']]);
  t.deepEqual(expand('sequence', 'count={{ n }} start={{ n }}', { n: 2 }), ['2', '3']);
});

// Where Ansible crashes with a Python exception, ignores a mistake, or says something unclear,
// mosip-play refuses the loop in its own words.
test('deviation: with_nested over one list of numbers, booleans or nulls is refused clearly', (t) => {
  // Ansible: "Unexpected failure during module execution: 'int' object is not iterable"
  t.is(expand('nested', '[[1, 2]]'), 'with_nested with a single list needs lists as its elements, got 1');
  t.is(expand('nested', '[[null]]'), 'with_nested with a single list needs lists as its elements, got None');
});

test('deviation: subelements refuses unknown flags and a third item that is not a mapping', (t) => {
  const flags = 'subelements lookup expects a list of two or three items, the optional third item must be a dict with flags skip_missing';
  t.is(expand('subelements', "['{{ users }}', groups, {skip: true}]"), flags, 'Ansible ignores the unknown flag');
  t.is(expand('subelements', "['{{ users }}', groups, null]"), flags, "Ansible: 'NoneType' object is not iterable");
  t.is(expand('subelements', "['{{ users }}', groups, [skip_missing]]"), flags, "Ansible: 'list' object has no attribute 'get'");
  t.regex(String(expand('subelements', "['{{ users }}', groups, {skip_missing: junk}]")), /^subelements: skip_missing: cannot read .*"junk" as a boolean/, 'Ansible reads junk as false');
  // Ansible's message ends in ", " here.
  t.is(expand('subelements', "['{{ users }}']"), 'subelements lookup expects a list of two or three items');
  t.is(expand('subelements', 'users'), 'subelements lookup expects a list of two or three items');
});

test('deviation: a with_sequence term that is not a string is refused clearly', (t) => {
  // Ansible: "unknown error parsing with_sequence arguments: 3. Error was: expected string or bytes-like object, got 'int'"
  t.regex(String(expand('sequence', '3')), /^with_sequence takes 'start=N end=N stride=N format=F', 'count=N' or '\[start-\]end\[\/stride\]\[:format\]', got 3$/);
  t.regex(String(expand('sequence', '[count=1, 5]')), /got 5$/);
});

test('values in messages and item labels are written as Python writes them', (t) => {
  t.is(pyRepr(['a', 1, null, true, { k: false }]), "['a', 1, None, True, {'k': False}]");
  t.is(pyRepr("it's"), '"it\'s"');
  t.is(pyRepr('both \' and "'), "'both \\' and \"'");
  t.is(pyRepr('tab\tnew\nline\\'), "'tab\\tnew\\nline\\\\'");
});


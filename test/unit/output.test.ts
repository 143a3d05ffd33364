import test from 'ava';
import pc from 'picocolors';
import type { HostTaskResult } from '../../src/engine/result.js';
import { Stats } from '../../src/engine/stats.js';
import { banner, hostLine, recap } from '../../src/output/format.js';

const plain = pc.createColors(false);
const r = (over: Partial<HostTaskResult>): HostTaskResult => ({
  host: 'h01', outcome: 'ok', ignored: false, result: { changed: false }, noLog: false, alwaysShow: false, showDiff: false, ...over,
});

test('banners are padded with stars to 80 columns', (t) => {
  t.is(banner('TASK [x]'), `TASK [x] ${'*'.repeat(71)}`);
});

test('host lines read like Ansible', (t) => {
  t.is(hostLine(r({}), 0, plain), 'ok: [h01]');
  t.is(hostLine(r({ outcome: 'changed', result: { changed: true } }), 1, plain), 'changed: [h01] => {"changed":true}');
  t.is(hostLine(r({ outcome: 'failed', result: { msg: 'x' } }), 0, plain), 'fatal: [h01]: FAILED! => {"msg":"x"}');
  t.is(hostLine(r({ outcome: 'failed', ignored: true, result: { msg: 'x' } }), 0, plain), 'fatal: [h01]: FAILED! => {"msg":"x"}\n...ignoring');
  t.is(hostLine(r({ outcome: 'unreachable', result: { unreachable: true } }), 0, plain), 'fatal: [h01]: UNREACHABLE! => {"unreachable":true}');
  t.is(hostLine(r({ outcome: 'skipped' }), 0, plain), 'skipping: [h01]');
});

test('no_log hides the result at every verbosity', (t) => {
  const line = hostLine(r({ outcome: 'failed', noLog: true, result: { msg: 's3cret', changed: false } }), 4, plain);
  t.false(line.includes('s3cret'));
  t.regex(line, /censored/);
});

test('recap counts a changed task as ok too, an ignored failure as ignored', (t) => {
  const s = new Stats();
  s.record('h01', 'changed');
  s.record('h01', 'ok');
  s.record('h01', 'failed', true, true);
  s.record('h02', 'unreachable');
  t.true(recap(s, plain).includes(`${'h01'.padEnd(26)} : ok=3    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=1   `));
  t.is(s.exitCode(), 4);
  s.record('h03', 'failed');
  t.is(s.exitCode(), 2);
});

test('debug output is indented like Ansible, without changed', (t) => {
  const line = hostLine(r({ alwaysShow: true, result: { changed: false, msg: 'hi' } }), 0, plain);
  t.is(line, 'ok: [h01] => {\n    "msg": "hi"\n}');
});

test('debug shows msg alone in a loop, a var with its loop keys but without the flags, keys sorted, as Ansible 2.14', (t) => {
  const msg = hostLine(r({ alwaysShow: true, item: 'a', result: { changed: false, msg: 'hi a', item: 'a', ansible_loop_var: 'item' } }), 0, plain);
  t.is(msg, 'ok: [h01] => (item=a) => {\n    "msg": "hi a"\n}');
  const v = hostLine(r({ alwaysShow: true, item: 'a', result: { changed: false, failed: false, item: 'a', ansible_loop_var: 'item' } }), 0, plain);
  t.is(v, 'ok: [h01] => (item=a) => {\n    "ansible_loop_var": "item",\n    "item": "a"\n}');
  const nested = hostLine(r({ alwaysShow: true, result: { changed: false, x: { zeta: 1, alpha: { b: 2, a: 1 } } } }), 0, plain);
  t.is(nested, 'ok: [h01] => {\n    "x": {\n        "alpha": {\n            "a": 1,\n            "b": 2\n        },\n        "zeta": 1\n    }\n}');
});

// Controller lookups: file, env, password (with its state directory).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { TemplateError } from '../../src/errors.js';
import type { Vars } from '../../src/inventory/model.js';
import { passwordAlphabet, randomString } from '../../src/template/helpers/lookups.js';
import { renderString } from '../../src/template/render.js';
import { STATE_DIR_ENV } from '../../src/template/state-dir.js';
import { tempTree } from '../helpers/tmp.js';

const r = (text: string, vars: Vars = {}) => renderString(text, vars);
const mode = (p: string) => statSync(p).mode & 0o777;

/** Run `fn` with the state directory set to a fresh temporary directory. */
function withStateDir<T>(fn: (dir: string) => T): T {
  const dir = join(mkdtempSync(join(tmpdir(), 'mosip-play-state-')), 'state');
  const before = process.env[STATE_DIR_ENV];
  process.env[STATE_DIR_ENV] = dir;
  try {
    return fn(dir);
  } finally {
    if (before === undefined) delete process.env[STATE_DIR_ENV];
    else process.env[STATE_DIR_ENV] = before;
  }
}

test('file / lookup_file: relative to playbook_dir, files/ first, trailing whitespace stripped', (t) => {
  const dir = tempTree({ 'files/ca.pem': 'CERT\n\n', 'notes.txt': '  hello \n', 'files/notes.txt': 'from files/\n' });
  t.is(r('{{ file "ca.pem" }}', { playbook_dir: dir }), 'CERT');
  t.is(r('{{ lookup_file "notes.txt" }}', { playbook_dir: dir }), 'from files/', 'files/ is looked in first');
  t.is(r('[{{ file "notes.txt" rstrip=false }}]', { playbook_dir: dir + '/files' }), '[from files/\n]');
  t.is(r('[{{ file p lstrip=true }}]', { playbook_dir: '/nonexistent', p: join(dir, 'notes.txt') }), '[hello]', 'absolute paths are used as given');
});

test('file: role_path is searched before playbook_dir', (t) => {
  const role = tempTree({ 'files/x.conf': 'role' });
  const play = tempTree({ 'files/x.conf': 'play', 'only-play.conf': 'p' });
  t.is(r('{{ file "x.conf" }}', { role_path: role, playbook_dir: play }), 'role');
  t.is(r('{{ file "only-play.conf" }}', { role_path: role, playbook_dir: play }), 'p');
});

test('file: a missing file says where it looked', (t) => {
  const dir = tempTree({});
  const err = t.throws(() => r('x={{ file "nope.txt" }}', { playbook_dir: dir }), { instanceOf: TemplateError });
  t.regex(err!.message, /^file: could not find 'nope.txt'; looked in .*files\/nope\.txt, .*nope\.txt/);
  t.throws(() => r('{{ file missing }}'), { instanceOf: TemplateError, message: /file: expected a file path, got undefined \(argument 1: missing\)/ });
});

test('env: a controller variable, empty when unset, or default=/required=', (t) => {
  process.env.MOSIP_PLAY_TEST_VAR = 'from-env';
  delete process.env.MOSIP_PLAY_TEST_UNSET;
  t.is(r('{{ env "MOSIP_PLAY_TEST_VAR" }}'), 'from-env');
  t.is(r('[{{ env "MOSIP_PLAY_TEST_UNSET" }}]'), '[]');
  t.is(r('{{ env "MOSIP_PLAY_TEST_UNSET" default="fb" }}'), 'fb');
  t.throws(() => r('{{ env "MOSIP_PLAY_TEST_UNSET" required=true }}'), {
    instanceOf: TemplateError,
    message: /env: environment variable MOSIP_PLAY_TEST_UNSET is not set on the controller/,
  });
});

test.serial('password: generated once, then the same on every call', (t) => {
  withStateDir((dir) => {
    const tpl = '{{ password "mosip/postgres" length=24 chars="ascii_letters,digits" }}';
    const first = r(tpl) as string;
    t.regex(first, /^[A-Za-z0-9]{24}$/);
    t.is(r(tpl), first);
    t.is(r('pw={{ password "mosip/postgres" }}'), `pw=${first}`, 'later options do not change a stored password');
    t.is(readFileSync(join(dir, 'passwords', 'mosip', 'postgres'), 'utf8'), `${first}\n`);
    const other = r('{{ password "mosip/keycloak" }}') as string;
    t.not(other, first, 'another name, another password');
    t.regex(other, /^[A-Za-z0-9.,:_-]{20}$/, "Ansible's defaults: 20 characters, letters, digits and .,:-_");
  });
});

test.serial('password: state directories are 0700 and files 0600, with no temporary files left', (t) => {
  withStateDir((dir) => {
    r('{{ password "a/b/c" }}');
    for (const d of [dir, join(dir, 'passwords'), join(dir, 'passwords', 'a'), join(dir, 'passwords', 'a', 'b')]) {
      t.is(mode(d), 0o700, d);
    }
    t.is(mode(join(dir, 'passwords', 'a', 'b', 'c')), 0o600);
    t.deepEqual(readdirSync(join(dir, 'passwords', 'a', 'b')), ['c']);
  });
});

test.serial('password: stable across a fresh process', (t) => {
  withStateDir((dir) => {
    const script = `import('./src/template/render.ts').then((m) => process.stdout.write(String(m.renderString('{{ password "svc/db" length=32 }}', {}))))`;
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, [STATE_DIR_ENV]: dir }, encoding: 'utf8' });
    const first = run();
    t.is(first.length, 32);
    t.is(run(), first);
    t.is(r('{{ password "svc/db" }}'), first, 'and in this process');
  });
});

test.serial('password: an existing file is used as it is', (t) => {
  withStateDir((dir) => {
    r('{{ password "seed" }}');
    writeFileSync(join(dir, 'passwords', 'given'), 'chosen-by-admin\n', { mode: 0o600 });
    t.is(r('{{ password "given" }}'), 'chosen-by-admin');
    writeFileSync(join(dir, 'passwords', 'empty'), '');
    t.throws(() => r('{{ password "empty" }}'), { instanceOf: TemplateError, message: /is empty; delete it/ });
  });
});

test.serial('password: the default state directory is .mosip-play/state under the current directory', (t) => {
  const cwd = process.cwd();
  const work = mkdtempSync(join(tmpdir(), 'mosip-play-cwd-'));
  const before = process.env[STATE_DIR_ENV];
  delete process.env[STATE_DIR_ENV];
  try {
    process.chdir(work);
    const pw = r('{{ password "x" }}');
    t.is(readFileSync(join(work, '.mosip-play', 'state', 'passwords', 'x'), 'utf8'), `${pw}\n`);
    t.is(mode(join(work, '.mosip-play')), 0o700);
    t.is(mode(join(work, '.mosip-play', 'state')), 0o700);
  } finally {
    process.chdir(cwd);
    if (before !== undefined) process.env[STATE_DIR_ENV] = before;
  }
});

test.serial('password: names that leave the state directory are refused', (t) => {
  withStateDir(() => {
    for (const name of ['../escape', 'a/../../b', '/etc/passwd', 'a//b', 'a/', '', '.', 'a\\\\b', 'with space']) {
      t.throws(() => r(`{{ password "${name}" }}`), { instanceOf: TemplateError, message: /password: refusing password name/ }, name);
    }
    t.throws(() => r('{{ password "x" length=0 }}'), { instanceOf: TemplateError, message: /length must be between 1 and 4096/ });
    t.throws(() => r('{{ password "x" seed="s" }}'), { instanceOf: TemplateError, message: /unknown option 'seed='/ });
  });
});

test('password chars: set names, literal characters, ",," for a comma', (t) => {
  t.deepEqual(passwordAlphabet('digits'), [...'0123456789']);
  t.deepEqual(passwordAlphabet('ab,,'), ['a', 'b', ',']);
  t.deepEqual(passwordAlphabet('hexdigits').length, 22);
  t.is(passwordAlphabet('ascii_letters,digits,.,,:-_').length, 62 + 5);
  t.throws(() => passwordAlphabet('a'), { message: /at least two different characters/ });
});

test('password selection is uniform (no modulo bias)', (t) => {
  const alphabet = ['a', 'b', 'c'];
  const sample = randomString(30_000, alphabet);
  t.is(sample.length, 30_000);
  for (const c of alphabet) {
    const share = sample.split(c).length - 1;
    t.true(Math.abs(share - 10_000) < 600, `${c}: ${share}`);
  }
});

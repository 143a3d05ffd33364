// Roles, tags, includes and the repair commands (--role, --start-at-task)
// through the real CLI on lab hosts, with test/fixtures/language/project.
import test from 'ava';
import { LAB_INVENTORY, mosipPlay, recapOf } from '../helpers/cli.js';

const SITE = 'test/fixtures/language/project/site.yml';
const run = (...args: string[]) => mosipPlay([SITE, '-i', LAB_INVENTORY, ...args]);
const msgs = (stdout: string) => [...stdout.matchAll(/"msg": "([^"]*)"/g)].map((m) => m[1]);

test('a full run: imported play, role dependency with its parameter, role vars, include, handlers', async (t) => {
  const r = await run();
  t.is(r.code, 0, r.stdout);
  const seen = msgs(r.stdout);
  t.true(seen.includes('imported play ran with imported-var'), 'vars of import_playbook reach its plays');
  t.true(seen.includes('hello from base defaults on port 8080'), 'dependency parameter beats the role default');
  t.true(seen.includes('default-web / from role vars / play'));
  t.true(seen.includes('included second ran'));
  t.true(seen.includes('base handler ran'));
  t.true(seen.includes('always task ran'));
  t.false(seen.includes('never task ran'));
  t.regex(r.stdout, /TASK \[web : web says\]/);
  t.regex(r.stdout, /TASK \[base : base says\]/);
});

test('--role web runs web and its dependency base, with the variables of the full run, on the plays that use it', async (t) => {
  const r = await run('--role', 'web');
  t.is(r.code, 0, r.stdout);
  const seen = msgs(r.stdout);
  t.true(seen.includes('hello from base defaults on port 8080'));
  t.true(seen.includes('default-web / from role vars / play'));
  t.false(seen.includes('tasks after roles'), 'play tasks outside the role do not run');
  t.false(seen.some((m) => m?.startsWith('imported play ran')), 'plays without the role do not run');
  t.false(seen.includes('other ran'));
  t.false(r.stdout.includes('h03'));
});

test('--role web --no-deps leaves the dependency out', async (t) => {
  const r = await run('--role', 'web', '--no-deps');
  t.is(r.code, 0, r.stdout);
  t.false(msgs(r.stdout).some((m) => m?.startsWith('hello from base')));
  t.true(msgs(r.stdout).includes('included first ran'));
});

test('--start-at-task inside an included role task file', async (t) => {
  const r = await run('--start-at-task', 'included second', '-l', 'h01:h02');
  t.is(r.code, 0, r.stdout);
  const seen = msgs(r.stdout);
  t.false(seen.includes('included first ran'));
  t.true(seen.includes('included second ran'));
  t.true(seen.includes('tasks after roles'));
  t.false(seen.some((m) => m?.startsWith('imported play ran')));
});

test('tags: role tags are inherited, never needs asking by name, always always runs', async (t) => {
  const late = await run('-t', 'late');
  t.is(late.code, 0, late.stdout);
  t.deepEqual(msgs(late.stdout), ['tasks after roles', 'tasks after roles', 'always task ran', 'always task ran']);
  const first = await run('-t', 'first');
  t.deepEqual(msgs(first.stdout).filter((m) => !m?.startsWith('always')), ['imported play ran with imported-var'], 'tags of import_playbook reach its tasks');
  const never = await run('-t', 'debugonly', '-l', 'h01');
  t.true(msgs(never.stdout).includes('never task ran'));
  const skip = await run('--skip-tags', 'web,always', '-l', 'h01');
  t.false(msgs(skip.stdout).some((m) => m?.includes('web')));
  t.false(msgs(skip.stdout).includes('always task ran'));
  t.true(msgs(skip.stdout).includes('tasks after roles'));
});

test('--list-tasks shows role tasks with their tags and why they run, without connecting', async (t) => {
  const r = await run('--list-tasks', '-t', 'web');
  t.is(r.code, 0);
  t.regex(r.stdout, /web : web says\tTAGS: \[web\]\t\(matches --tags web\)/);
  t.regex(r.stdout, /always runs\tTAGS: \[always\]\t\(tagged 'always'\)/);
  t.notRegex(r.stdout, /after roles/);
  const tags = await run('--list-tags');
  t.regex(tags.stdout, /TASK TAGS: \[always, debugonly, late, never, web\]/);
});

test('the recap counts handlers and included tasks', async (t) => {
  const r = await run('-l', 'h02');
  t.like(recapOf(r.stdout, 'h02'), { failed: 0, changed: 1 });
});

test('hostvars holds every inventory host, also outside the play and the limit; role tasks see role_path', async (t) => {
  const r = await mosipPlay([
    'test/fixtures/language/project/hostvars.yml', '-i', LAB_INVENTORY, '-l', 'h01',
  ]);
  t.is(r.code, 0, r.stdout);
  t.true(msgs(r.stdout).includes('h03 is at 10.213.0.13'));
  t.true(msgs(r.stdout).some((m) => m?.endsWith('/roles/other')));
});

test('import_role applies the role each time it is written, and --role keeps what the role imports', async (t) => {
  for (const args of [[], ['--role', 'uses_lib']]) {
    const r = await mosipPlay(['test/fixtures/language/project/imports.yml', '-i', LAB_INVENTORY, ...args]);
    t.is(r.code, 0, r.stdout);
    t.deepEqual(msgs(r.stdout), ['lib says first', 'lib says second'], args.join(' '));
  }
});

test('include_vars reads a vars file from vars/ beside the playbook, at the top level or under a name', async (t) => {
  const r = await mosipPlay(['test/fixtures/language/project/include-vars.yml', '-i', LAB_INVENTORY]);
  t.is(r.code, 0, r.stdout);
});

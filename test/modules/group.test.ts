// group on lab host h08: groupadd/groupmod/groupdel, read back with getent.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { onHost, play } from '../helpers/play.js';

const H = 'h08';
const G = 'mpgrp';
const SYS = 'mpsysgrp';

const yaml = (args: string, v = ''): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - group: { ${args} }
${v}`;

const entry = async (name: string): Promise<string> => onHost(H, `getent group ${name} || echo absent`);
// The test group's own lines, byte for byte (other tests on this host add groups meanwhile).
const lines = async (): Promise<string> => onHost(H, `grep -h '^${G}:' /etc/group /etc/gshadow`);

test.before(async () => {
  await onHost(H, `groupdel ${G} 2>/dev/null; groupdel ${SYS} 2>/dev/null; true`);
});

test.after.always(async () => {
  await onHost(H, `groupdel ${G} 2>/dev/null; groupdel ${SYS} 2>/dev/null; true`);
});

test.serial('creates a group with its gid, then converges', async (t) => {
  const first = await play(yaml(`name: ${G}, gid: 52034`), ['-D']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.like(recapOf(first.stdout, H), { changed: 1 });
  t.regex(first.stdout, /group mpgrp: state absent -> present/);
  t.is(await entry(G), `${G}:x:52034:`);
  t.like(recapOf((await play(yaml(`name: ${G}, gid: 52034`))).stdout, H), { changed: 0 });
});

test.serial('check mode reports a gid drift and changes nothing; the real run fixes it', async (t) => {
  await onHost(H, `groupmod -g 52035 ${G}`);
  const before = await lines();
  const run = await play(yaml(`name: ${G}, gid: 52034`), ['--check', '-D']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, /group mpgrp: gid 52035 -> 52034/);
  t.is(await lines(), before);
  await play(yaml(`name: ${G}, gid: 52034`));
  t.is(await entry(G), `${G}:x:52034:`);
});

test.serial('a system group reports the gid groupadd chose; absent removes', async (t) => {
  const run = await play(yaml(`name: ${SYS}, system: true`, '      register: r\n    - assert: { that: "r.gid < 1000 and r.gid > 0" }\n'));
  t.is(run.code, 0, run.stdout + run.stderr);
  t.regex(await entry(SYS), /^mpsysgrp:x:\d{3}:$/);
  t.like(recapOf((await play(yaml(`name: ${SYS}, state: absent`))).stdout, H), { changed: 1 });
  t.is(await entry(SYS), 'absent');
  t.like(recapOf((await play(yaml(`name: ${SYS}, state: absent`))).stdout, H), { changed: 0 });
});

test.serial('a gid taken by another group fails with groupmod\'s message', async (t) => {
  const run = await play(yaml(`name: ${G}, gid: 0`));
  t.is(run.code, 2);
  t.regex(run.stdout, /groupmod failed: groupmod: GID '0' already exists/);
});

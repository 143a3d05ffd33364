// modprobe on lab host h08, a container whose kernel has no loadable module
// support: built-in modules (br_netfilter, overlay) are present without
// modprobe and only their persistence files are written; a module that is
// not built in fails with modprobe's own message.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h08';
const FILES = ['/etc/modules-load.d/br_netfilter.conf', '/etc/modules-load.d/overlay.conf', '/etc/modprobe.d/overlay.conf'];
const clean = `rm -f ${FILES.join(' ')}`;

const playOf = (tasks: string): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
${tasks}`;

const brNetfilter = (persistent: string): string =>
  playOf(`    - name: br_netfilter
      modprobe: { name: br_netfilter, persistent: ${persistent} }
`);

test.before(async () => {
  // The real modprobe (package kmod), so the error is the one a user sees.
  await onHost(H, `${clean}; command -v modprobe >/dev/null || apt-get install -y -q kmod >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q kmod; } >/dev/null`);
});

test.after.always(async () => {
  await onHost(H, clean);
});

test.serial('a built-in module is present without modprobe; only the persistence file is written, once', async (t) => {
  const first = await play(brNetfilter('present'), ['-D']);
  t.is(first.code, 0, first.stdout + first.stderr);
  t.like(recapOf(first.stdout, H), { changed: 1, failed: 0 });
  t.regex(first.stdout, /\+br_netfilter/);
  t.notRegex(first.stdout, /kernel module br_netfilter/, 'nothing to load');
  t.is(await onHost(H, 'cat /etc/modules-load.d/br_netfilter.conf'), 'br_netfilter');

  const again = await play(brNetfilter('present'));
  t.like(recapOf(again.stdout, H), { ok: 1, changed: 0 });
});

test.serial('check mode reports the persistence change and writes nothing', async (t) => {
  await onHost(H, 'printf "br_netfilter\\n" > /etc/modules-load.d/br_netfilter.conf');
  const before = await fingerprint(H, FILES);
  const run = await play(brNetfilter('absent'), ['--check', '-D']);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, H), { changed: 1 });
  t.regex(run.stdout, /-br_netfilter\n\+#br_netfilter/);
  t.is(await fingerprint(H, FILES), before);

  const real = await play(brNetfilter('absent'));
  t.like(recapOf(real.stdout, H), { changed: 1 });
  t.is(await onHost(H, 'cat /etc/modules-load.d/br_netfilter.conf'), '#br_netfilter');
});

test.serial('params are persisted in modprobe.d for a built-in filesystem module', async (t) => {
  const yaml = playOf(`    - modprobe: { name: overlay, params: "redirect_dir=on", persistent: present }
`);
  const run = await play(yaml);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.is(await onHost(H, 'cat /etc/modprobe.d/overlay.conf'), 'options overlay redirect_dir=on');
  t.is(await onHost(H, 'cat /etc/modules-load.d/overlay.conf'), 'overlay');
  t.like(recapOf((await play(yaml)).stdout, H), { changed: 0 });
});

test.serial('a module that is not built in fails with modprobe\'s message, in check mode too', async (t) => {
  const yaml = playOf(`    - modprobe: { name: dummy }
`);
  for (const args of [[], ['--check']]) {
    const run = await play(yaml, args);
    t.is(run.code, 2, run.stdout);
    t.regex(run.stdout, /modprobe dummy failed: modprobe: FATAL: Module dummy not found in directory \/lib\/modules\//);
    t.regex(run.stdout, /this kernel has no loadable module support/);
  }
});

test.serial('a built-in module cannot be unloaded', async (t) => {
  const run = await play(playOf(`    - modprobe: { name: br_netfilter, state: absent }
`));
  t.is(run.code, 2, run.stdout);
  t.regex(run.stdout, /br_netfilter is built into the kernel \(\/proc\/sys\/net\/bridge\) and cannot be unloaded/);
});

// `hostname` (ansible.builtin.hostname): the running (transient) and the
// permanent host name. With systemd: `hostnamectl` as Ansible's systemd
// strategy runs it; otherwise /etc/hostname (atomic write) + `hostname NAME`.
//
// Deviations: the strategies that keep the name elsewhere than /etc/hostname
// (redhat's /etc/sysconfig/network, BSD, macOS, Solaris) are not supported;
// debian, alpine, openrc and generic all mean "/etc/hostname + hostname".
// The running name is read with `uname -n`, the permanent one from
// /etc/hostname (where hostnamectl keeps it too).
import { z } from 'zod';
import { catProbe, probeAll } from '../facts/probe.js';
import { runSteps, step, writeStep } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { defineModule } from './types.js';

const args = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'a host name (letters, digits, dots and hyphens)')
    .describe('The host name to set.'),
  use: z
    .enum(['systemd', 'debian', 'alpine', 'openrc', 'generic'])
    .optional()
    .describe('How to set it: systemd (hostnamectl) or a file-based strategy (/etc/hostname + hostname). Default: systemd when it runs.'),
});

/** The first non-comment line, as systemd reads /etc/hostname. */
function permanentName(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
}

function facts(name: string): Record<string, string> {
  const dot = name.indexOf('.');
  return {
    ansible_hostname: dot < 0 ? name : name.slice(0, dot),
    ansible_nodename: name,
    ansible_fqdn: name,
    ansible_domain: dot < 0 ? '' : name.slice(dot + 1),
  };
}

export default defineModule({
  name: 'hostname',
  args,
  async run(a, ctx) {
    const host = await probeAll(ctx.run, {
      current: 'uname -n',
      file: catProbe('/etc/hostname'),
      systemd: '[ -d /run/systemd/system ] && command -v hostnamectl',
    });
    const current = host.current.out.trim();
    const permanent = host.file.rc === 0 ? permanentName(host.file.out) : '';
    const strategy = a.use ?? (host.systemd.rc === 0 ? 'systemd' : 'file');
    const changed = current !== a.name || permanent !== a.name;
    const f = facts(a.name);
    const result = { changed, name: a.name, ansible_facts: f, setVars: f };
    if (!changed) return result;
    const diff = { path: 'hostname', before: `hostname = ${current}\n`, after: `hostname = ${a.name}\n` };
    if (ctx.check) return { ...result, diff };

    const n = shQuote(a.name);
    const steps =
      strategy === 'systemd'
        ? [step('hostnamectl set-hostname', `hostnamectl --pretty --static set-hostname ${n} && hostnamectl --transient set-hostname ${n}`)]
        : [...(permanent !== a.name ? [writeStep('/etc/hostname', `${a.name}\n`)] : []), step(`hostname ${a.name}`, `hostname ${n}`)];
    const { failure } = await runSteps(ctx, steps);
    return failure ? { ...result, ...failure } : { ...result, diff };
  },
});

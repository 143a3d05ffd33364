// `group` (ansible.builtin.group): a group with groupadd/groupmod/groupdel.
// Deviations: `local` (lgroupadd) and `force` are not supported.
import { z } from 'zod';
import { groupProbe, parseGroup, type GroupEntry } from '../facts/accounts.js';
import { probeAll } from '../facts/probe.js';
import { boolArg } from './file-args.js';
import { runSteps, step } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type FileDiff } from './types.js';

export const accountId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

const args = z.strictObject({
  name: z.string().min(1).describe('The group name.'),
  gid: accountId.optional().describe('The group id.'),
  state: z.enum(['present', 'absent']).default('present').describe('Whether the group should exist.'),
  system: boolArg('Create a system group (groupadd -r); only when it is created.').default(false),
  non_unique: boolArg('Allow a gid that another group has (-o).').default(false),
});

type Args = z.output<typeof args>;

/** The one command that makes the group as wanted, with what --diff shows; none when it already is. */
function plan(a: Args, current: GroupEntry | undefined): { cmd: string; attributes: FileDiff['attributes'] } | undefined {
  const n = shQuote(a.name);
  const unique = a.non_unique ? ' -o' : '';
  if (a.state === 'absent') return current && { cmd: `groupdel ${n}`, attributes: { state: ['present', 'absent'] } };
  if (!current) {
    const gid = a.gid === undefined ? '' : ` -g ${a.gid}${unique}`;
    return { cmd: `groupadd${gid}${a.system ? ' -r' : ''} ${n}`, attributes: { state: ['absent', 'present'] } };
  }
  if (a.gid === undefined || a.gid === current.gid) return undefined;
  return { cmd: `groupmod -g ${a.gid}${unique} ${n}`, attributes: { gid: [String(current.gid), String(a.gid)] } };
}

export default defineModule({
  name: 'group',
  args,
  async run(a, ctx) {
    const host = await probeAll(ctx.run, { group: groupProbe(a.name) });
    const current = host.group.rc === 0 ? parseGroup(host.group.out) : undefined;
    const change = plan(a, current);
    const gid = a.gid ?? current?.gid;
    const base = { name: a.name, state: a.state, changed: change !== undefined };
    const result = a.state === 'absent' ? base : { ...base, system: a.system, gid };
    if (!change) return result;
    const diff = { path: `group ${a.name}`, attributes: change.attributes };
    if (ctx.check) return { ...result, diff };
    // A new group without a gid: report the one groupadd chose, as Ansible does.
    const report = gid === undefined ? `\ngetent group ${shQuote(a.name)} | cut -d: -f3` : '';
    const done = await runSteps(ctx, [step(change.cmd.split(' ')[0]!, change.cmd) + report]);
    if (done.failure) return { ...result, ...done.failure };
    return { ...result, diff, ...(report ? { gid: Number(done.stdout.trim()) } : {}) };
  },
});

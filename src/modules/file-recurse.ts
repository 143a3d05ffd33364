// `file: state=directory recurse=yes`: mode, owner and group on everything
// below the directory. One read lists the distinct (type, mode, owner, group)
// combinations under the tree, which is enough to tell whether anything would
// change without listing every path; chmod -R / chown -R then set them.
import type { PathFacts } from '../facts/file-digest.js';
import { ModuleError } from '../errors.js';
import { attributeChanges, attributeCommands } from './file-attrs.js';
import { wanted, type FilePlanArgs, type Plan } from './file-plan.js';
import { shQuote } from './shell-quote.js';
import type { ModuleContext } from './types.js';

export async function recursePlan(ctx: ModuleContext, path: string, a: FilePlanArgs, plan: Plan): Promise<Plan> {
  if (a.mode === undefined && a.owner === undefined && a.group === undefined) return plan;
  const res = await ctx.run(`find ${shQuote(path)} -mindepth 1 ! -type l -printf '%y %m %u %g %U %G\\n' | sort -u`);
  if (res.rc !== 0) throw new ModuleError(`cannot list ${path}: ${res.stderr.trim() || `rc=${res.rc}`}`);
  const before = new Map<string, Set<string>>();
  for (const line of res.stdout.split('\n').filter(Boolean)) {
    const [type, mode, owner, group, uid, gid] = line.split(' ');
    const facts: PathFacts = {
      exists: true,
      type: type === 'd' ? 'directory' : 'file',
      mode: mode!.padStart(4, '0'),
      owner,
      group,
      uid: Number(uid),
      gid: Number(gid),
      parentExists: true,
      checksums: {},
    };
    for (const [attr, [from]] of Object.entries(attributeChanges(facts, wanted(a, facts, type === 'd')))) {
      if (!before.has(attr)) before.set(attr, new Set());
      before.get(attr)!.add(from ?? '?');
    }
  }
  if (before.size === 0) return plan;
  const changes = { ...plan.changes };
  for (const [attr, from] of before) changes[`${attr} (below)`] = [[...from].sort().join(','), a[attr as 'mode' | 'owner' | 'group']];
  const recursive = attributeCommands(shQuote(path), { mode: a.mode, owner: a.owner, group: a.group }, { recurse: true });
  return { ...plan, changes, script: [...plan.script, ...recursive] };
}

// `file`: a path's kind (file, directory, symlink, hard link, touched,
// absent), mode, owner and group, as Ansible's file module manages them.
// One read (one more for a followed symlink, a link's src, or recurse), and
// one write that also reads back the final mode and owner.
// Deviations from Ansible: a symbolic mode without u/g/o/a is masked by an
// assumed umask of 022; `recurse` never follows symlinks inside the tree;
// `modification_time`, `access_time`, `attributes` and SELinux options are
// not supported (the arguments are refused).
import { z } from 'zod';
import { readPath, type PathFacts } from '../facts/file-digest.js';
import { attributeArgs, boolArg } from './file-args.js';
import { attributeCommands, attributeChanges, attributesOf, changedAttrs, finalAttributes, statCommand, type AttrChanges, type Attrs } from './file-attrs.js';
import { linkPlan } from './file-links.js';
import { attributePlan, followLink, makeDirectory, wanted, type FilePlanArgs, type Plan, type PlanOrRefusal } from './file-plan.js';
import { recursePlan } from './file-recurse.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type ModuleContext, type ModuleResult } from './types.js';

const STATES = ['file', 'directory', 'link', 'hard', 'touch', 'absent'] as const;
type StateName = (typeof STATES)[number];

const args = z
  .strictObject({
    path: z.string().min(1).optional().describe('The path to manage (aliases: dest, name).'),
    dest: z.string().min(1).optional().describe('Alias of path.'),
    name: z.string().min(1).optional().describe('Alias of path.'),
    state: z
      .enum(STATES)
      .optional()
      .describe('What the path should be; default: what it already is, or `file` (`directory` with recurse) when absent.'),
    ...attributeArgs,
    recurse: boolArg('With state=directory, set mode/owner/group on everything below the path too.').prefault(false),
    src: z.string().min(1).optional().describe("What a link points to (state=link or hard); relative to the link's directory."),
    force: boolArg('Replace a file or empty directory by a link, or link to a src that does not exist.').prefault(false),
    follow: boolArg('When the path is a symlink, manage what it points to (not for state=link).').prefault(true),
  })
  .refine((a) => [a.path, a.dest, a.name].filter((p) => p !== undefined).length === 1, {
    message: 'exactly one of path, dest or name is required',
  })
  .refine((a) => !a.recurse || a.state === undefined || a.state === 'directory', {
    message: "recurse option requires state to be 'directory'",
  })
  .refine((a) => a.src === undefined || a.state === undefined || a.state === 'link' || a.state === 'hard', {
    message: "src option requires state to be 'link' or 'hard'",
  })
  .transform(({ dest, name, ...a }) => ({ ...a, path: (a.path ?? dest ?? name)! }));

export default defineModule({
  name: 'file',
  args,
  async run(a, ctx) {
    const now = await readPath(ctx.run, a.path);
    const state = a.state ?? defaultState(now, a.recurse);
    if (a.recurse && state !== 'directory') return refuse(a.path, "recurse option requires state to be 'directory'");
    if (a.src !== undefined && state !== 'link' && state !== 'hard') return refuse(a.path, "src option requires state to be 'link' or 'hard'");
    const plan = await planFor(state, a, now, ctx);
    if (typeof plan === 'string') return refuse(a.path, plan);
    return apply(plan, ctx);
  },
});

function refuse(path: string, msg: string): ModuleResult {
  return { changed: false, failed: true, msg, path };
}

/** Ansible's default: the path's current kind, else `file` (or `directory` for recurse). */
function defaultState(now: PathFacts, recurse: boolean): StateName {
  if (now.exists) return now.type === 'directory' ? 'directory' : now.type === 'link' ? 'link' : 'file';
  return recurse ? 'directory' : 'file';
}

async function planFor(state: StateName, a: FilePlanArgs, now: PathFacts, ctx: ModuleContext): Promise<PlanOrRefusal> {
  if (state === 'absent') return absentPlan(a.path, now);
  if (state === 'link' || state === 'hard') return linkPlan(state, a, now, ctx);
  const [path, facts] = a.follow && now.type === 'link' ? await followLink(ctx, a.path, now) : [a.path, now];
  if (state === 'touch') return touchPlan(path, a, facts);
  if (state === 'file') {
    if (!facts.exists || facts.type === 'directory') return `file (${a.path}) is ${facts.exists ? 'directory' : 'absent'}, cannot continue`;
    return attributePlan(path, a, facts, 'file');
  }
  if (facts.exists && facts.type !== 'directory') return `${a.path} already exists as a ${facts.type}`;
  if (!facts.exists) return newDirectoryPlan(path, a);
  const plan = attributePlan(path, a, facts, 'directory');
  return a.recurse ? recursePlan(ctx, path, a, plan) : plan;
}

function absentPlan(path: string, now: PathFacts): Plan {
  if (!now.exists) return { changes: {}, script: [], result: { path, state: 'absent' } };
  return { changes: { state: [now.type, 'absent'] }, script: [`rm -rf -- ${shQuote(path)}`], result: { path, state: 'absent' } };
}

/** The attributes a new path gets, for the diff. */
function newAttrs(want: Attrs): AttrChanges {
  const out: AttrChanges = {};
  for (const k of ['mode', 'owner', 'group'] as const) if (want[k] !== undefined) out[k] = [undefined, want[k]];
  return out;
}

/** Like Ansible, every missing parent is created with the same mode and owner as the directory itself. */
function newDirectoryPlan(path: string, a: FilePlanArgs): Plan {
  const want = wanted(a, undefined, true);
  return {
    changes: { state: ['absent', 'directory'], ...newAttrs(want) },
    script: [makeDirectory(path, want)],
    result: { path, state: 'directory' },
    statPath: path,
  };
}

/** touch always changes something (the times), as in Ansible. */
function touchPlan(path: string, a: FilePlanArgs, facts: PathFacts): Plan {
  const want = wanted(a, facts.exists ? facts : undefined, facts.type === 'directory');
  const changes = facts.exists ? attributeChanges(facts, want) : newAttrs(want);
  return {
    changes: { state: [facts.exists ? facts.type : 'absent', 'touch'], ...changes },
    script: [`touch -- ${shQuote(path)}`, ...attributeCommands(shQuote(path), facts.exists ? changedAttrs(want, changes) : want)],
    result: { path, state: facts.type === 'directory' ? 'directory' : 'file' },
    statPath: path,
  };
}

/** Runs the plan (unless nothing changes, or in check mode), reading back the final attributes in the same trip. */
async function apply(plan: Plan, ctx: ModuleContext): Promise<ModuleResult> {
  const changed = Object.keys(plan.changes).length > 0;
  const diff = ctx.diff && changed ? { diff: { path: String(plan.result.path ?? plan.result.dest), attributes: plan.changes } } : {};
  if (!changed) return { changed, ...plan.result, ...(plan.facts ? attributesOf(plan.facts) : {}) };
  if (ctx.check) return { changed, ...diff, ...plan.result };
  const stat = plan.statPath ? `\n${statCommand(shQuote(plan.statPath))}` : '';
  const res = await ctx.run(`set -e\n${plan.script.join('\n')}${stat}`);
  if (res.rc !== 0) return { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}`, ...plan.result };
  const final = plan.statPath ? finalAttributes(res.stdout.trim().split('\n').pop()!) : {};
  return { changed: true, ...diff, ...plan.result, ...final };
}

// `file` with state=link or state=hard. The link is made under a temporary
// name and renamed over the path, so the path never goes missing. Ansible's
// refusals are kept: a file or directory is only replaced with force, and a
// symlink to a missing src needs force too.
import { posix } from 'node:path';
import { readPath, type PathFacts } from '../facts/file-digest.js';
import { attributeChanges, attributeCommands, changedAttrs, type AttrChanges } from './file-attrs.js';
import { attributePlan, besidePath, followLink, wanted, type FilePlanArgs, type PlanOrRefusal } from './file-plan.js';
import { shQuote } from './shell-quote.js';
import type { ModuleContext } from './types.js';

export async function linkPlan(state: 'link' | 'hard', a: FilePlanArgs, now: PathFacts, ctx: ModuleContext): Promise<PlanOrRefusal> {
  const src = a.src ?? (now.type === 'link' ? now.linkTarget : undefined);
  if (src === undefined) return `src is required for creating new ${state === 'link' ? 'symlinks' : 'hardlinks'}`;
  if (!now.parentExists) return `Error while linking: directory ${posix.dirname(a.path)} does not exist`;
  // What the link will lead to, through any links on the way: whether it exists, and where a mode goes.
  const [srcPath, target] = await followLink(ctx, besidePath(a.path, src), await readPath(ctx.run, besidePath(a.path, src)));
  return state === 'link' ? symlinkPlan(a, now, src, srcPath, target) : hardlinkPlan(a, now, srcPath, target);
}

function symlinkPlan(a: FilePlanArgs, now: PathFacts, src: string, srcPath: string, target: PathFacts): PlanOrRefusal {
  const kind = now.exists && now.type !== 'link' ? now.type : undefined;
  if (kind && !a.force) return `refusing to convert from ${kind} to symlink for ${a.path}`;
  if (!target.exists && !a.force) return `src file does not exist, use "force=yes" if you really want to create the link: ${srcPath}`;
  // A link has no mode of its own: like Ansible (follow=yes), a mode is set on what it points to.
  const modePlan = a.mode !== undefined && target.exists ? attributePlan(srcPath, { mode: a.mode }, target, 'link') : undefined;
  const owners = { owner: a.owner, group: a.group };
  const same = now.type === 'link' && now.linkTarget === src;
  const changes: AttrChanges = {
    ...(same ? {} : { state: [now.exists ? now.type : 'absent', 'link'] }),
    ...(now.type === 'link' && !same ? { src: [now.linkTarget, src] } : {}),
    ...(now.type === 'link' ? attributeChanges(now, owners) : {}),
    ...modePlan?.changes,
  };
  const relink = same ? [] : replaceWith(`ln -s -- ${shQuote(src)}`, a.path, kind);
  return {
    changes,
    script: [...relink, ...attributeCommands(shQuote(a.path), same ? changedAttrs(owners, changes) : owners, { link: true }), ...(modePlan?.script ?? [])],
    result: { dest: a.path, src, state: 'link' },
    statPath: a.path,
    facts: now,
  };
}

function hardlinkPlan(a: FilePlanArgs, now: PathFacts, srcPath: string, target: PathFacts): PlanOrRefusal {
  if (!target.exists) return `src does not exist: ${srcPath}`;
  if (now.exists && now.inode !== undefined && now.inode === target.inode) {
    return { ...attributePlan(a.path, a, now, 'hard'), result: { dest: a.path, src: srcPath, state: 'hard' } };
  }
  const kind = now.exists ? now.type : undefined;
  if (kind === 'file' && !a.force) return `Cannot link, file exists at destination: ${a.path}`;
  if (kind && !a.force) return `refusing to convert from ${kind} to hard link for ${a.path}`;
  const want = wanted(a, target, false);
  const attrs = attributeChanges(target, want);
  return {
    changes: { state: [kind ?? 'absent', 'hard'], ...attrs },
    script: [...replaceWith(`ln -- ${shQuote(srcPath)}`, a.path, kind), ...attributeCommands(shQuote(a.path), changedAttrs(want, attrs))],
    result: { dest: a.path, src: srcPath, state: 'hard' },
    statPath: a.path,
  };
}

/** `make` plus a name creates the link under a temp name in the same directory; it is then renamed over `path`. */
function replaceWith(make: string, path: string, kind: string | undefined): string[] {
  const p = shQuote(path);
  return [
    `tmp=$(dirname -- ${p})/.mosip-play.link.$$`,
    `${make} "$tmp"`,
    ...(kind === 'directory' ? [`rmdir -- ${p} || { rm -f "$tmp"; exit 1; }`] : []),
    `mv -Tf -- "$tmp" ${p}`,
  ];
}

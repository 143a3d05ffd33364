// `mode`, `owner` and `group` of what lineinfile, blockinfile, replace,
// get_url and unarchive write: symbolic modes resolved to octal (also used by
// file, copy and template), the changes for one file whose state was read
// (file-attrs.ts compares them), and for archive members, whose state is
// only on the host, one sh function that compares there and then fixes.
import type { PathFacts } from '../facts/file-digest.js';
import { ModuleError } from '../errors.js';
import { attributeChanges, attributeCommands, changedAttrs, type AttrChanges, type Attrs } from './file-attrs.js';
import { shQuote } from './shell-quote.js';
import type { ModuleContext } from './types.js';

const CLASS = { u: { shift: 6, special: 0o4000 }, g: { shift: 3, special: 0o2000 }, o: { shift: 0, special: 0o1000 } };
type Who = keyof typeof CLASS;

/** The bits `perms` stand for in class `who` (Ansible's _get_octal_mode_from_symbolic_perms). */
function permBits(who: Who, perms: string, prev: number, isDir: boolean, umask: number): number {
  const { shift } = CLASS[who];
  let bits = 0;
  for (const p of perms) {
    if (p === 'r' || p === 'w' || p === 'x') bits |= ({ r: 4, w: 2, x: 1 }[p] << shift) & ~umask;
    else if (p === 'X' && (isDir || (prev & 0o111) !== 0)) bits |= 1 << shift;
    else if (p === 's' && who !== 'o') bits |= CLASS[who].special;
    else if (p === 't' && who === 'o') bits |= 0o1000;
    else if (p === 'u' || p === 'g' || p === 'o') bits |= ((prev >> CLASS[p].shift) & 7) << shift;
  }
  return bits;
}

/**
 * The octal mode (four digits) a mode argument gives a file whose mode is
 * `current`. Symbolic modes follow chmod (and Ansible): no class letter means
 * all classes minus the umask bits, assumed to be 022 as on most hosts.
 */
export function resolveMode(spec: string, current: string, isDir: boolean, umask = 0o022): string {
  if (/^[0-7]+$/.test(spec)) return spec.padStart(4, '0');
  let mode = parseInt(current, 8);
  for (const clause of spec.split(',')) {
    const [, who = '', ops = ''] = /^([ugoa]*)(.*)$/.exec(clause)!;
    const classes = who === '' || who.includes('a') ? 'ugo' : who;
    for (const [, op, perms = ''] of ops.matchAll(/([-+=])([rwxXstugo]*)/g)) {
      for (const c of new Set(classes) as Set<Who>) {
        const bits = permBits(c, perms, mode, isDir, who === '' ? umask : 0);
        if (op === '+') mode |= bits;
        else if (op === '-') mode &= ~bits;
        else mode = (mode & ~((7 << CLASS[c].shift) | CLASS[c].special)) | bits;
      }
    }
  }
  return mode.toString(8).padStart(4, '0');
}

export function hasAttrs(want: Attrs): boolean {
  return want.mode !== undefined || want.owner !== undefined || want.group !== undefined;
}

/** `want` with its mode made octal for a file in `state` (a new file starts as 0644). */
export function resolvedAttrs(state: PathFacts, want: Attrs): Attrs {
  const mode = want.mode === undefined ? undefined : resolveMode(want.mode, state.mode ?? '0644', state.type === 'directory');
  return { mode, owner: want.owner, group: want.group };
}

/** What applying `want` to a file in `state` changes. */
export function plannedAttrs(state: PathFacts, want: Attrs): AttrChanges {
  return hasAttrs(want) ? attributeChanges(state, resolvedAttrs(state, want)) : {};
}

/** The commands that apply the planned `changes` to the file at `path`. */
export function attrsScript(path: string, state: PathFacts, want: Attrs, changes: AttrChanges): string[] {
  return attributeCommands(shQuote(path), changedAttrs(resolvedAttrs(state, want), changes));
}

/** Apply the planned `changes` to an existing file, in one round trip. */
export async function applyAttrs(ctx: ModuleContext, path: string, state: PathFacts, want: Attrs, changes: AttrChanges): Promise<void> {
  const res = await ctx.run(['set -e', ...attrsScript(path, state, want, changes)].join('\n'));
  if (res.rc !== 0) throw new ModuleError(`setting the attributes of ${path} failed: ${res.stderr.trim() || `rc=${res.rc}`}`);
}

/** An id compares against the numeric field when it is a number, against the name otherwise. */
function idCheck(want: string, kind: 'owner' | 'group', check: boolean): string {
  const [name, id, cmd] = kind === 'owner' ? ['$3', '$5', 'chown'] : ['$4', '$6', 'chgrp'];
  const apply = check ? '' : `; ${cmd} -h ${shQuote(want)} -- "$1" || return 1`;
  return `if [ "${/^\d+$/.test(want) ? id : name}" != ${shQuote(want)} ]; then attr ${kind} "${name}" ${shQuote(want)} "$1"${apply}; fi`;
}

/** The wanted mode of "$1", as stat's %a prints it, into $w. */
function wantedMode(spec: string): string {
  if (/^[0-7]+$/.test(spec)) return `w=${parseInt(spec, 8).toString(8)}`;
  // A scratch file or directory with the current mode shows what chmod makes of the symbolic mode.
  return [
    'if [ "$7" = directory ]; then s=$(mktemp -d); else s=$(mktemp); fi || return 1',
    `chmod "$2" "$s" && chmod ${shQuote(spec)} "$s" && w=$(stat -c %a "$s"); r=$?; rm -rf "$s"; [ $r -eq 0 ] || return 1`,
  ].join('\n');
}

/**
 * Defines `fix_attrs PATH`: compares PATH's attributes with `want`, prints an
 * `attr<TAB>name<TAB>before<TAB>after<TAB>path` line for each difference and,
 * unless `check`, fixes it (links: owner and group only, never their target's mode).
 */
export function fixAttrsFunction(want: Attrs, check: boolean): string {
  const body = [
    `st=$(stat -c '%a %U %G %u %g %F' -- "$1") || return 1`,
    // $2 mode, $3 user, $4 group, $5 uid, $6 gid, $7 first word of the file type
    'set -- "$1" $st',
  ];
  if (want.mode !== undefined) {
    body.push('if [ "$7" != symbolic ]; then', wantedMode(want.mode));
    body.push(`if [ "$2" != "$w" ]; then attr mode "$2" "$w" "$1"${check ? '' : '; chmod "$w" -- "$1" || return 1'}; fi`, 'fi');
  }
  if (want.owner !== undefined) body.push(idCheck(want.owner, 'owner', check));
  if (want.group !== undefined) body.push(idCheck(want.group, 'group', check));
  return [`attr() { printf 'attr\\t%s\\t%s\\t%s\\t%s\\n' "$1" "$2" "$3" "$4"; }`, `fix_attrs() {\n${body.join('\n')}\n}`].join('\n');
}

const pad = (mode: string): string => mode.padStart(4, '0');

/** The `attr` lines of a script's output, by path. */
export function parseAttrLines(stdout: string): Map<string, AttrChanges> {
  const out = new Map<string, AttrChanges>();
  for (const line of stdout.split('\n')) {
    const [tag, name, before, after, ...path] = line.split('\t');
    if (tag !== 'attr' || !name || before === undefined || after === undefined) continue;
    const p = path.join('\t');
    const changes = out.get(p) ?? {};
    changes[name] = name === 'mode' ? [pad(before), pad(after)] : [before, after];
    out.set(p, changes);
  }
  return out;
}

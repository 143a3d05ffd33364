// The commands the `user` module runs: useradd for a new account, usermod
// for the attributes that differ, chpasswd -e for the hash (read from stdin,
// so it is never on a command line), and the home directory useradd -m
// would have made when an existing user has none.
import { step } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import type { UserArgs, UserState } from './user.js';

export interface UserPlan {
  /** attribute -> [before, after], as --diff shows it. */
  changes: Record<string, [string | undefined, string | undefined]>;
  /** The supplementary groups to pass to usermod -G. */
  groups?: string[];
  /** The home directory is missing and create_home asks for it. */
  createHome?: boolean;
}

export interface UserSteps {
  steps: string[];
  /** `name:hash` for chpasswd -e, when the hash is set. */
  stdin?: string;
}

function passwordSteps(a: UserArgs, out: UserSteps): void {
  out.stdin = `${a.name}:${a.password_lock ? '!' : ''}${a.password}\n`;
  out.steps.push(step('setting the password', 'chpasswd -e'));
}

export function createSteps(a: UserArgs, s: UserState): UserSteps {
  const o: string[] = [];
  if (a.uid !== undefined) o.push('-u', String(a.uid), ...(a.non_unique ? ['-o'] : []));
  if (a.group !== undefined) o.push('-g', a.group);
  // A group named like the user already exists: useradd must not try to create it.
  else if (s.groups.get(a.name)) o.push('-N');
  if (a.groups?.length) o.push('-G', a.groups.join(','));
  if (a.comment !== undefined) o.push('-c', a.comment);
  if (a.home !== undefined) o.push('-d', a.home);
  if (a.shell !== undefined) o.push('-s', a.shell);
  o.push(a.create_home ? '-m' : '-M', ...(a.system ? ['-r'] : []), a.name);
  const out: UserSteps = { steps: [] };
  // useradd -m makes the home but not its parent.
  if (a.home !== undefined && a.create_home) out.steps.push(step('creating the parent of the home', `mkdir -p "$(dirname ${shQuote(a.home)})"`));
  out.steps.push(step('useradd', `useradd ${o.map(shQuote).join(' ')}`));
  if (a.password !== undefined) passwordSteps(a, out);
  else if (a.password_lock) out.steps.push(step('locking the password', `usermod -L ${shQuote(a.name)}`));
  return out;
}

export function modifySteps(a: UserArgs, p: UserPlan, gid: number | undefined): UserSteps {
  const c = p.changes;
  const o: string[] = [];
  if (c.uid) o.push('-u', String(a.uid), ...(a.non_unique ? ['-o'] : []));
  if (c.group) o.push('-g', String(gid));
  if (p.groups) o.push(...(a.append ? ['-a'] : []), '-G', p.groups.join(','));
  if (c.comment) o.push('-c', a.comment!);
  if (c.home) o.push('-d', a.home!, ...(a.move_home ? ['-m'] : []));
  if (c.shell) o.push('-s', a.shell!);
  if (c.password_lock) o.push(a.password_lock ? '-L' : '-U');
  const out: UserSteps = { steps: o.length ? [step('usermod', `usermod ${[...o, a.name].map(shQuote).join(' ')}`)] : [] };
  if (c.password) passwordSteps(a, out);
  return out;
}

/** What useradd -m does: /etc/skel copied, owned by the user, HOME_MODE (or 0777 & ~UMASK) from login.defs. */
export function homeStep(home: string, name: string): string {
  const mode = [
    `m=$(awk '$1 == "HOME_MODE" { print $2 }' /etc/login.defs 2>/dev/null)`,
    `[ -n "$m" ] || { u=$(awk '$1 == "UMASK" { print $2 }' /etc/login.defs 2>/dev/null); m=$(printf '%o' $((0777 & ~0\${u:-022}))); }`,
  ].join('\n');
  const h = shQuote(home);
  return step(`creating ${home}`, `${mode}\nmkdir -p ${h} && { [ ! -d /etc/skel ] || cp -a /etc/skel/. ${h}; } && chown -R ${shQuote(name)}: ${h} && chmod "$m" ${h}`);
}

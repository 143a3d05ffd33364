// `user` (ansible.builtin.user): a local account with useradd/usermod/userdel.
// The account, its group memberships, the groups it names and the state of
// its password are read in one round trip; the changes are one more.
//
// The password is a crypted hash only. It never comes back from the host
// (the host reports a sha256 of the current hash, compared with the wanted
// one here), never appears in a result or diff (`password` shows as
// NOT_LOGGING_PASSWORD, as in Ansible), and goes to `chpasswd -e` on stdin
// inside the script rather than on a usermod command line.
//
// Deviations: supplementary groups are the groups that list the user as a
// member (Ansible's gr_mem reading; `id -Gn` would count the primary group
// and make `groups: [<primary>]` change on every run). password_lock is also
// applied when the user is created. Not supported: expires, ssh key
// generation, password ageing, local (luseradd), seuser, skeleton, umask.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { groupProbe, parseGroup, parsePasswd, passwdProbe, type GroupEntry, type PasswdEntry } from '../facts/accounts.js';
import { probeAll, type Probed } from '../facts/probe.js';
import { secrets } from '../secrets/registry.js';
import { withAliases } from './edit-text-file.js';
import { boolArg } from './file-args.js';
import { accountId } from './group.js';
import { runSteps, step } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type ModuleContext } from './types.js';
import { createSteps, homeStep, modifySteps, type UserPlan } from './user-steps.js';

const groupList = z
  .union([z.array(z.union([z.string(), z.number()])), z.string()])
  .transform((g) => (Array.isArray(g) ? g.map(String) : g.split(',')).map((s) => s.trim()).filter((s) => s !== ''));

const args = withAliases(
  { user: 'name', createhome: 'create_home' },
  z
    .strictObject({
      name: z.string().min(1).describe('The user name (alias: user).'),
      state: z.enum(['present', 'absent']).default('present').describe('Whether the account should exist.'),
      uid: accountId.optional().describe('The user id.'),
      non_unique: boolArg('Allow a uid another user has (-o).').default(false),
      group: z.union([z.string(), z.number()]).transform(String).optional().describe('The primary group (name or gid); it must exist.'),
      groups: groupList.optional().describe('Supplementary groups (list or comma-separated); [] or "" removes all unless append.'),
      append: boolArg('Add the groups to the current ones instead of replacing them.').default(false),
      shell: z.string().optional().describe('The login shell.'),
      home: z.string().optional().describe('The home directory.'),
      move_home: boolArg('With a new home: move the old one there (usermod -m).').default(false),
      create_home: boolArg('Create the home directory (alias: createhome).').default(true),
      system: boolArg('Create a system account (useradd -r); only when it is created.').default(false),
      comment: z.string().optional().describe('The GECOS field.'),
      password: z.string().optional().describe('A crypted password hash (e.g. from mkpasswd), never a clear-text password.'),
      update_password: z.enum(['always', 'on_create']).default('always').describe('always: set the hash when it differs; on_create: only for a new user.'),
      password_lock: boolArg('Lock (true) or unlock (false) the password.').optional(),
      remove: boolArg('With state=absent: remove the home directory and mail spool (userdel -r).').default(false),
      force: boolArg('With state=absent: remove even if logged in (userdel -f).').default(false),
    }),
);

export type UserArgs = z.output<typeof args>;

const digest = (hash: string): string => createHash('sha256').update(hash.replace(/^!+/, '')).digest('hex');

/** `L|U <sha256 of the hash without its lock marks>`: never the hash itself. */
function shadowProbe(name: string): string {
  return [
    `h=$(getent shadow ${shQuote(name)} | cut -d: -f2)`,
    `case "$h" in '!'*) printf 'L ';; *) printf 'U ';; esac`,
    `printf '%s' "$h" | sed 's/^!*//' | sha256sum | cut -c1-64`,
  ].join('\n');
}

/** The groups whose member list names the user. */
function membershipProbe(name: string): string {
  return `getent group | awk -F: -v u=${shQuote(name)} '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) { print $1; break } }'`;
}

function homeProbe(a: UserArgs): string {
  const home = a.home ? shQuote(a.home) : `"$(getent passwd ${shQuote(a.name)} | cut -d: -f6)"`;
  return `h=${home}; [ -n "$h" ] && [ -d "$h" ]`;
}

/** Every group the task names, looked up by name or gid. */
function namedGroups(a: UserArgs): string[] {
  return [...new Set([...(a.group ? [a.group] : []), ...(a.groups ?? []), a.name])];
}

function readGroups(a: UserArgs, host: Record<string, Probed>): Map<string, GroupEntry | undefined> {
  return new Map(namedGroups(a).map((g, i) => [g, host[`g${i}`]!.rc === 0 ? parseGroup(host[`g${i}`]!.out) : undefined]));
}

/** The account, its memberships, its password state and every group the task names: one round trip. */
async function read(a: UserArgs, run: ModuleContext['run']) {
  const probes: Record<string, string> = {
    passwd: passwdProbe(a.name),
    member: membershipProbe(a.name),
    shadow: shadowProbe(a.name),
    homedir: homeProbe(a),
  };
  namedGroups(a).forEach((g, i) => (probes[`g${i}`] = groupProbe(g)));
  const host = await probeAll(run, probes);
  const [lock = 'U', hash = ''] = host.shadow!.out.trim().split(' ');
  return {
    user: host.passwd!.rc === 0 ? parsePasswd(host.passwd!.out) : undefined,
    members: host.member!.out.split('\n').filter((g) => g !== ''),
    locked: lock === 'L',
    hashDigest: hash,
    homeExists: host.homedir!.rc === 0,
    groups: readGroups(a, host),
  };
}

export type UserState = Awaited<ReturnType<typeof read>>;

/** What has to change for an existing user (Ansible's modify_user_usermod, attribute by attribute). */
function plan(a: UserArgs, s: UserState, u: PasswdEntry): UserPlan {
  const p: UserPlan = { changes: {} };
  const set = (k: string, from: unknown, to: unknown): void => void (p.changes[k] = [from === undefined ? undefined : String(from), String(to)]);
  if (a.uid !== undefined && a.uid !== u.uid) set('uid', u.uid, a.uid);
  const primary = a.group === undefined ? undefined : s.groups.get(a.group);
  if (primary && primary.gid !== u.gid) set('group', u.gid, primary.gid);
  if (a.groups !== undefined) {
    const wanted = a.groups.map((g) => s.groups.get(g)?.name ?? g);
    const missing = wanted.filter((g) => !s.members.includes(g));
    const extra = s.members.filter((g) => !wanted.includes(g));
    if (missing.length || (!a.append && extra.length)) {
      const after = a.append ? [...s.members, ...missing] : wanted;
      set('groups', s.members.join(','), after.join(','));
      p.groups = wanted;
    }
  }
  if (a.comment !== undefined && a.comment !== u.comment) set('comment', u.comment, a.comment);
  if (a.home !== undefined && a.home !== u.home) set('home', u.home, a.home);
  if (a.shell !== undefined && a.shell !== u.shell) set('shell', u.shell, a.shell);
  if (a.password !== undefined && a.update_password === 'always' && digest(a.password) !== s.hashDigest) {
    p.changes.password = ['(hidden)', '(hidden)'];
  } else if (a.password_lock === true && !s.locked) set('password_lock', false, true);
  else if (a.password_lock === false && s.locked) set('password_lock', true, false);
  if (a.create_home && !s.homeExists && !(a.home !== undefined && a.move_home && a.home !== u.home)) p.createHome = true;
  return p;
}

/** A new account in --diff: its state and every attribute the task gives. */
function creation(a: UserArgs): UserPlan['changes'] {
  const given = { uid: a.uid, group: a.group, groups: a.groups?.join(','), comment: a.comment, home: a.home, shell: a.shell };
  const changes: UserPlan['changes'] = { state: ['absent', 'present'] };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) changes[k] = [undefined, String(v)];
  if (a.password !== undefined) changes.password = [undefined, '(hidden)'];
  return changes;
}

function missingGroup(a: UserArgs, s: UserState): string | undefined {
  return [...(a.group ? [a.group] : []), ...(a.groups ?? [])].find((g) => !s.groups.get(g));
}

/** Ansible's result keys; `u` is the account as it is at the end (or as it would be, in check mode). */
function resultOf(a: UserArgs, u: PasswdEntry | undefined, gid: number | undefined): Record<string, unknown> {
  if (a.state === 'absent') return { name: a.name, state: a.state, force: a.force, remove: a.remove };
  return {
    name: a.name,
    state: a.state,
    uid: u?.uid ?? a.uid,
    group: u?.gid ?? gid,
    ...(a.groups !== undefined ? { groups: a.groups.join(',') } : {}),
    comment: u?.comment ?? a.comment,
    home: u?.home ?? a.home,
    shell: u?.shell ?? a.shell,
    system: a.system,
    create_home: a.create_home,
    move_home: a.move_home,
    append: a.append,
    ...(a.password !== undefined ? { password: 'NOT_LOGGING_PASSWORD' } : {}),
  };
}

export default defineModule({
  name: 'user',
  args,
  async run(a, ctx) {
    // Should the hash ever reach an output (a host's error message, a registered result), it is masked there.
    if (a.password !== undefined) secrets.add(a.password);
    const s = await read(a, ctx.run);
    const u = s.user;
    const gid = a.group === undefined ? undefined : s.groups.get(a.group)?.gid;
    const result = resultOf(a, u, gid);
    const path = `user ${a.name}`;

    if (a.state === 'absent') {
      if (!u) return { ...result, changed: false };
      const diff = { path, attributes: { state: ['present', 'absent'] as [string, string] } };
      if (ctx.check) return { ...result, changed: true, diff };
      const cmd = `userdel${a.force ? ' -f' : ''}${a.remove ? ' -r' : ''} ${shQuote(a.name)}`;
      const { failure } = await runSteps(ctx, [step('userdel', cmd)]);
      return failure ? { ...result, ...failure } : { ...result, changed: true, diff };
    }

    // As in Ansible, check mode does not insist on the groups of a user it would create:
    // an earlier task of the same play may be the one that creates them.
    const missing = missingGroup(a, s);
    if (missing !== undefined && (u || !ctx.check)) return { ...result, changed: false, failed: true, msg: `Group ${missing} does not exist` };
    const p: UserPlan = u ? plan(a, s, u) : { changes: creation(a) };
    const changed = Object.keys(p.changes).length > 0 || p.createHome === true;
    if (!changed) return { ...result, changed };
    const attributes = { ...p.changes, ...(p.createHome ? { home_directory: ['absent', 'present'] as [string, string] } : {}) };
    const diff = { path, attributes };
    if (ctx.check) return { ...result, changed, diff };

    const { steps, stdin } = u ? modifySteps(a, p, gid) : createSteps(a, s);
    if (u && p.createHome) steps.push(homeStep(a.home ?? u.home, a.name));
    // The account as it ends up (uid, home... that useradd chose), in the same round trip.
    steps.push(passwdProbe(a.name));
    const done = await runSteps(ctx, steps, stdin);
    if (done.failure) return { ...result, ...done.failure };
    return { ...resultOf(a, parsePasswd(done.stdout), gid), changed, diff };
  },
});

// The write side of `apt` in one round trip: optional `apt-get update`, then
// the one apt-get command, framed by two dpkg snapshots so that what changed
// (and so `changed` and the diff) comes from dpkg itself, not from parsing
// apt's messages. Never interactive; waits a bounded time for the dpkg lock.
import { randomBytes } from 'node:crypto';
import type { ModuleContext } from './types.js';
import { DEB_ARG } from './apt-plan.js';
import { STAMP } from './apt-state.js';
import { shQuote } from './shell-quote.js';

/** package → `version` (plus the dpkg status when not plainly installed). */
export type Snapshot = Map<string, string>;

export interface AptRun {
  rc: number;
  stdout: string;
  stderr: string;
  /** The cache time after a successful update. */
  updated?: number;
  updateFailed: boolean;
  lockTimeout: boolean;
  before: Snapshot;
  after: Snapshot;
}

/** A random line prefix for the script's section marks: no apt output can forge it. */
export function newMark(): string {
  return `__mosip_play_apt_${randomBytes(8).toString('hex')}__`;
}

export const APT_ENV = 'export DEBIAN_FRONTEND=noninteractive LC_ALL=C LANG=C';

/**
 * `locked NAME...`: run apt-get and, while it fails only because another
 * apt/dpkg holds a lock (at boot: apt-daily, unattended-upgrades), try again
 * every second until LOCK_TIMEOUT seconds have passed. Its stdout goes
 * straight through (fd 3); stderr is held back to look for the lock message.
 */
export function lockedRunner(mark: string, timeout: number): string {
  return `exec 3>&1
locked() {
  end=$(( $(date +%s) + ${timeout} ))
  while :; do
    err=$("$@" 2>&1 1>&3); rc=$?
    case $rc:$err in
      0:*) ;;
      *'Could not get lock'*|*'Unable to lock'*|*'Unable to acquire the dpkg frontend lock'*)
        if [ "$(date +%s)" -lt "$end" ]; then sleep 1; continue; fi
        printf '\\n%s lock-timeout\\n' ${shQuote(mark)} ;;
    esac
    [ -n "$err" ] && printf '%s\\n' "$err" >&2
    return $rc
  done
}`;
}

const SNAPSHOT = `dpkg-query -W -f='\${Package}\\t\${Architecture}\\t\${Version}\\t\${db:Status-Abbrev}\\n' 2>/dev/null`;

/**
 * `apt-get update` (under `locked`), failing on any source that cannot be
 * fetched; `onFailure` runs before the script exits (apt_repository reverts
 * its files there). Marks `updated <time>` or `update-failed`.
 */
export function updateScript(mark: string, onFailure = ''): string {
  const m = shQuote(mark);
  return [
    `printf '%s run\\n' ${m}`,
    `locked apt-get -q update --error-on=any || { rc=$?; ${onFailure ? `${onFailure}; ` : ''}printf '\\n%s update-failed\\n' ${m}; exit $rc; }`,
    // apt leaves the lists' mtime alone when nothing changed upstream; the stamp makes cache_valid_time hold.
    `mkdir -p ${STAMP.replace(/\/[^/]+$/, '')} && touch ${STAMP}`,
    `printf '\\n%s updated %s\\n' ${m} "$(stat -c %Y ${STAMP})"`,
  ].join('\n');
}

/** `upload`: the .deb's bytes, sent on stdin into a temp file the command then installs. */
export function aptWriteScript(mark: string, o: { update: boolean; command?: string[]; debPath?: string; upload: boolean; lockTimeout: number }): string {
  const m = shQuote(mark);
  const lines = [APT_ENV, lockedRunner(mark, o.lockTimeout)];
  if (o.upload) lines.push(`deb=$(mktemp --suffix=.deb) || exit 1`, `trap 'rm -f "$deb"' EXIT`, 'cat > "$deb" && chmod 0644 "$deb" || exit 1');
  else if (o.debPath) lines.push(`deb=${shQuote(o.debPath)}`);
  if (o.update) lines.push(updateScript(mark));
  if (o.command) {
    const argv = o.command.map((w) => (w === DEB_ARG ? '"$deb"' : shQuote(w))).join(' ');
    lines.push(
      `printf '\\n%s before\\n' ${m}`,
      SNAPSHOT,
      `printf '%s run\\n' ${m}`,
      `locked apt-get ${argv}; rc=$?`,
      `printf '\\n%s after\\n' ${m}`,
      SNAPSHOT,
      'exit $rc',
    );
  }
  return lines.join('\n');
}

/** Splits the script's stdout at the mark lines into named sections. */
export function sections(stdout: string, mark: string): { name: string; arg: string; body: string }[] {
  const out: { name: string; arg: string; body: string }[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${mark} `)) {
      const [name = '', arg = ''] = line.slice(mark.length + 1).split(' ');
      out.push({ name, arg, body: '' });
    } else if (out.length > 0) out[out.length - 1]!.body += `${line}\n`;
  }
  return out;
}

export function parseSnapshot(text: string): Snapshot {
  const snap: Snapshot = new Map();
  for (const line of text.split('\n')) {
    const [name, arch, version, status = ''] = line.split('\t');
    if (!name || /^.n/.test(status)) continue;
    const key = snap.has(name) ? `${name}:${arch}` : name;
    const st = status.trim();
    snap.set(key, st === 'ii' ? `${version}` : `${version} [${st}]`);
  }
  return snap;
}

export async function runAptWrite(
  ctx: ModuleContext,
  o: { update: boolean; command?: string[]; debPath?: string; upload?: Buffer; lockTimeout: number },
): Promise<AptRun> {
  const mark = newMark();
  const script = aptWriteScript(mark, { ...o, upload: o.upload !== undefined });
  const res = await ctx.run(script, o.upload ? { stdin: o.upload } : {});
  const parts = sections(res.stdout, mark);
  const body = (name: string): string => parts.filter((p) => p.name === name).map((p) => p.body).join('');
  const updated = parts.find((p) => p.name === 'updated');
  return {
    rc: res.rc,
    stdout: body('run').trim(),
    stderr: res.stderr.trim(),
    updated: updated ? Number(updated.arg) : undefined,
    updateFailed: parts.some((p) => p.name === 'update-failed'),
    lockTimeout: parts.some((p) => p.name === 'lock-timeout'),
    before: parseSnapshot(body('before')),
    after: parseSnapshot(body('after')),
  };
}

/** What changed between two snapshots, as `name version` lines for --diff. */
export function snapshotDiff(before: Snapshot, after: Snapshot): { before: string; after: string; changed: boolean } {
  const names = [...new Set([...before.keys(), ...after.keys()])].filter((n) => before.get(n) !== after.get(n)).sort();
  const lines = (s: Snapshot): string => names.filter((n) => s.has(n)).map((n) => `${n} ${s.get(n)}\n`).join('');
  return { before: lines(before), after: lines(after), changed: names.length > 0 };
}

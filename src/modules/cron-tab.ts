// The crontab line logic of ansible.builtin.cron, kept line for line so a
// crontab edited by Ansible and by mosip-play ends up the same: the
// `#Ansible: <name>` marker, jobs adopted by exact match, variables on top.

export interface CronArgs {
  name: string;
  job?: string;
  state: 'present' | 'absent';
  user?: string;
  cron_file?: string;
  minute: string;
  hour: string;
  day: string;
  month: string;
  weekday: string;
  special_time?: string;
  disabled: boolean;
  env: boolean;
  insertafter?: string;
  insertbefore?: string;
}

export type Edit = { lines: string[]; changed: boolean } | { error: string };

const MARK = '#Ansible: ';
const marker = (name: string): string => `${MARK}${name}`;

/** The job line as Ansible writes it; a cron.d file names the user. */
export function cronLine(a: CronArgs, inFile: boolean): string {
  const job = (a.job ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '');
  const prefix = a.disabled ? '#' : '';
  const user = inFile ? ` ${a.user}` : '';
  if (a.special_time) return `${prefix}@${a.special_time}${user} ${job}`;
  return `${prefix}${a.minute} ${a.hour} ${a.day} ${a.month} ${a.weekday}${user} ${job}`;
}

/** Ansible's find_job: by marker, else by exact line (then a marker is added, which counts as a change). */
function findJob(lines: string[], name: string, job?: string): { line?: string; adopted: boolean } {
  let comment: string | undefined;
  for (const l of lines) {
    if (comment !== undefined) {
      if (comment === name) return { line: l, adopted: false };
      comment = undefined;
    } else if (l.startsWith(MARK)) comment = l.replaceAll(MARK, '');
  }
  if (!job) return { adopted: false };
  const i = lines.indexOf(job);
  if (i < 0) return { adopted: false };
  const prev = lines[i - 1] ?? '';
  if (!prev.startsWith(MARK)) {
    lines.splice(i, 0, marker(name));
    return { line: job, adopted: true };
  }
  if (prev === marker('None')) {
    lines[i - 1] = marker(name);
    return { line: job, adopted: true };
  }
  return { adopted: false };
}

/** Ansible's _update_job: the line after each marker of `name` is replaced (or dropped with the marker). */
function replaceJob(lines: string[], name: string, job: string | undefined): string[] {
  const out: string[] = [];
  let pending = false;
  for (const l of lines) {
    if (pending) {
      if (job !== undefined) out.push(marker(name), job);
      pending = false;
    } else if (l === marker(name)) pending = true;
    else out.push(l);
  }
  return out;
}

export function applyJob(input: string[], job: string, a: CronArgs): Edit {
  const lines = [...input];
  if (a.state === 'absent') {
    const found = findJob(lines, a.name);
    return found.line === undefined ? { lines, changed: false } : { lines: replaceJob(lines, a.name, undefined), changed: true };
  }
  const found = findJob(lines, a.name, job);
  if (found.line === undefined) return { lines: [...lines, marker(a.name), job], changed: true };
  if (found.line !== job || found.adopted) return { lines: replaceJob(lines, a.name, job), changed: true };
  return { lines, changed: false };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function applyEnv(input: string[], a: CronArgs): Edit {
  const decl = `${a.name}="${a.job ?? ''}"`;
  const isVar = (name: string) => (l: string) => new RegExp(`^${escapeRe(name)}=`).test(l);
  const i = input.findIndex(isVar(a.name));
  if (a.state === 'absent') return i < 0 ? { lines: input, changed: false } : { lines: input.filter((l) => !isVar(a.name)(l)), changed: true };
  if (i >= 0) {
    if (input[i] === decl) return { lines: input, changed: false };
    return { lines: input.map((l) => (isVar(a.name)(l) ? decl : l)), changed: true };
  }
  const other = a.insertafter ?? a.insertbefore;
  if (other === undefined) return { lines: [decl, ...input], changed: true };
  const j = input.findIndex(isVar(other));
  if (j < 0) return { error: `Variable named '${other}' not found.` };
  const at = a.insertafter !== undefined ? j + 1 : j;
  return { lines: [...input.slice(0, at), decl, ...input.slice(at)], changed: true };
}

export function jobNames(lines: string[]): string[] {
  return lines.filter((l) => l.startsWith(MARK)).map((l) => l.replaceAll(MARK, ''));
}

export function envNames(lines: string[]): string[] {
  return lines.filter((l) => /^\S+=/.test(l)).map((l) => l.split('=')[0]!);
}

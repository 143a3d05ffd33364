// `sysctl` (ansible.posix.sysctl): one kernel parameter, in a sysctl file and
// in the running kernel. Compares BOTH the file entry and the live value
// (`sysctl -n`).
//
// Deviations from Ansible, on purpose:
// - The live value is applied with `sysctl -w NAME=VALUE` for this key only;
//   Ansible reloads the whole file (`sysctl -p FILE`), so one unwritable key
//   in a file (vm.* in a container) made every later task on that file fail.
//   `reload` and `sysctl_set` therefore mean the same for state=present; for
//   state=absent nothing is applied live (Ansible's reload could not undo a
//   removed key either).
// - Only the lines of this key are edited; Ansible rewrites every line of the
//   file in `key=value` form and drops duplicate keys.
// - A symlinked file (Debian's /etc/sysctl.d/99-sysctl.conf) is written
//   through to its target instead of being replaced by a regular file.
// - File attribute arguments (mode, owner, ...) are not supported: a new file
//   is 0644 root, an existing one keeps its attributes.
// - The default file is Ansible's /etc/sysctl.conf; MOSIP roles should name a
//   file under /etc/sysctl.d and keep net.* keys apart from vm.*/kernel.*.
import { z } from 'zod';
import { catProbe, probeAll } from '../facts/probe.js';
import { withAliases } from './edit-text-file.js';
import { boolArg } from './file-args.js';
import { parentDirsStep, runSteps, step, writeStep } from './host-steps.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type FileDiff, type ModuleContext } from './types.js';

const TRUE = ['y', 'yes', 'on', '1', 'true', 't'];
const FALSE = ['n', 'no', 'off', '0', 'false', 'f'];

/** Ansible's _parse_value: booleans become 1/0, strings are trimmed. */
function parseValue(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  const s = String(v).trim();
  if (TRUE.includes(s.toLowerCase())) return '1';
  if (FALSE.includes(s.toLowerCase())) return '0';
  return s;
}

const value = z.union([z.string(), z.number(), z.boolean()]);

const args = withAliases(
  { key: 'name', val: 'value' },
  z
    .strictObject({
      name: z.string().describe('The dot-separated key, e.g. net.ipv4.ip_forward (alias: key).'),
      value: value.optional().describe('The desired value; booleans become 1/0 (alias: val). Required with state=present.'),
      state: z.enum(['present', 'absent']).default('present').describe('Whether the entry should be in the file.'),
      reload: boolArg('Set the running value of this key when it differs (this key only, with sysctl -w).').default(true),
      sysctl_set: boolArg('Set the running value of this key when it differs (same as reload here).').default(false),
      ignoreerrors: boolArg('Ignore an unknown key (sysctl -e).').default(false),
      sysctl_file: z.string().default('/etc/sysctl.conf').describe('The file the entry lives in.'),
    })
    .transform((a, ctx) => {
      const name = a.name.trim();
      const parsed = a.value === undefined ? '' : parseValue(a.value);
      if (name === '') ctx.addIssue({ code: 'custom', message: 'name cannot be blank' });
      if (a.state === 'present' && parsed === '') ctx.addIssue({ code: 'custom', message: 'value is required and cannot be blank with state=present' });
      return { ...a, name, value: parsed };
    }),
);

type Args = z.output<typeof args>;

interface Entry {
  lines: string[];
  /** The value sysctl -p would apply: the last line for the key wins. */
  value?: string;
}

function isEntry(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && !t.startsWith(';') && t.includes('=');
}

function keyOf(line: string): string {
  return line.slice(0, line.indexOf('=')).trim();
}

function readEntry(text: string, name: string): Entry {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  let value: string | undefined;
  for (const l of lines) if (isEntry(l) && keyOf(l) === name) value = l.slice(l.indexOf('=') + 1).trim();
  return { lines, value };
}

/** The file with this key's first line replaced (or appended) and its other lines dropped. */
function fixLines(lines: string[], a: Args): string[] {
  const out: string[] = [];
  let done = false;
  for (const l of lines) {
    if (!isEntry(l) || keyOf(l) !== a.name) out.push(l);
    else if (!done && a.state === 'present') out.push(`${a.name}=${a.value}`);
    if (isEntry(l) && keyOf(l) === a.name) done = true;
  }
  if (!done && a.state === 'present') out.push(`${a.name}=${a.value}`);
  return out;
}

/** Ansible's _values_is_equal: the same whitespace-separated words (the kernel prints tabs). */
function sameValue(live: string | undefined, want: string): boolean {
  return live !== undefined && live.trim().split(/\s+/).join(' ') === want.split(/\s+/).join(' ');
}

/** `sysctl -w` can report "Invalid argument" and still exit 0; Ansible checks for it, so do we. */
function setScript(a: Args): string {
  const cmd = `sysctl ${a.ignoreerrors ? '-e ' : ''}-w ${shQuote(`${a.name}=${a.value}`)}`;
  const rcZeroFailure = `case "$out" in *'sysctl: setting key "'*'": Invalid argument'*|*'": Read-only file system'*) exit 1;; esac`;
  return step(`setting ${a.name}`, `out=$(${cmd} 2>&1); r=$?; printf '%s' "$out"; [ $r -eq 0 ] || exit $r; ${rcZeroFailure}`);
}

/** The file (through a symlink), its entry for the key, and the running value: one round trip. */
async function readState(a: Args, run: ModuleContext['run']) {
  const host = await probeAll(run, {
    real: `readlink -f ${shQuote(a.sysctl_file)}`,
    file: catProbe(a.sysctl_file),
    live: `sysctl -n ${shQuote(a.name)} 2>&1`,
  });
  const before = host.file.rc === 0 ? host.file.out : '';
  return {
    path: host.real.rc === 0 && host.real.out.trim() ? host.real.out.trim() : a.sysctl_file,
    before,
    entry: readEntry(before, a.name),
    live: host.live.rc === 0 ? host.live.out.trim() : undefined,
  };
}

export default defineModule({
  name: 'sysctl',
  args,
  async run(a, ctx) {
    const { path, before, entry, live } = await readState(a, ctx.run);
    const fileChanges = a.state === 'present' ? entry.value !== a.value : entry.value !== undefined;
    const unknownIgnored = live === undefined && a.ignoreerrors;
    const setLive = a.state === 'present' && (a.reload || a.sysctl_set) && !unknownIgnored && !sameValue(live, a.value);
    const changed = fileChanges || setLive;
    const result = { changed, name: a.name, value: a.value, state: a.state, sysctl_file: a.sysctl_file };
    if (!changed) return result;

    const fixed = fixLines(entry.lines, a);
    const after = fixed.length ? `${fixed.join('\n')}\n` : '';
    const diff: FileDiff[] = [];
    if (fileChanges) diff.push({ path, before, after });
    if (setLive) diff.push({ path: `${a.name} (running)`, attributes: { value: [live, a.value] } });
    if (ctx.check) return { ...result, diff };

    const steps: string[] = [];
    if (fileChanges) steps.push(parentDirsStep([path]), writeStep(path, after));
    if (setLive) steps.push(setScript(a));
    const { failure } = await runSteps(ctx, steps);
    if (!failure) return { ...result, diff };
    // Say what state the failed set left behind: the file may be written, the kernel kept its value.
    if (setLive && String(failure.msg).startsWith('setting ')) {
      failure.msg = `${String(failure.msg)} (${fileChanges ? `${path} was updated; ` : ''}the running value stays ${live ?? 'unset'})`;
    }
    return { ...result, ...failure };
  },
});

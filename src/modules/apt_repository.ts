// `apt_repository`: one one-line apt source in /etc/apt/sources.list.d, as
// ansible.builtin.apt_repository. One read (every .list file, the target's
// mode, the signed-by key) and one write (the files, then `apt-get update`;
// if the update fails the files are put back as they were, as Ansible does,
// so a bad source never leaves apt broken).
//
// Keys: there is no apt_key. Install the repository's key with `copy` or
// `get_url` (e.g. /etc/apt/keyrings/NAME.asc, 0644; apt reads armored keys
// when the name ends in .asc) and name it in the line:
// `deb [signed-by=/etc/apt/keyrings/NAME.asc] http://... suite main`.
// A signed-by file that does not exist fails the task before anything is
// written (a warning in check mode, where the key task did not run either).
//
// Deviations: PPAs (`ppa:...`) are not supported (Launchpad only serves
// Ubuntu); `codename`, `validate_certs`, `install_python_apt` and the update
// retry arguments are accepted and have no effect. deb822 `.sources` files
// are neither read nor written (use a `.list` line).
import { z } from 'zod';
import { probeAll } from '../facts/probe.js';
import { ModuleError } from '../errors.js';
import { boolArg, modeArg } from './file-args.js';
import { step, writeStep } from './host-steps.js';
import { APT_ENV, lockedRunner, newMark, sections, updateScript } from './apt-run.js';
import { enableIn, normaliseSource, parseSourceLine, removeFrom, signedBy, suggestFilename } from './apt-sources.js';
import { shQuote } from './shell-quote.js';
import { defineModule, type FileDiff, type ModuleContext, type ModuleResult } from './types.js';

const DIR = '/etc/apt/sources.list.d';
const ignored = (what: string) => z.unknown().optional().describe(`Accepted for compatibility; ${what}`);

const args = z
  .strictObject({
    repo: z.string().min(1).describe('The source line, e.g. `deb [signed-by=/etc/apt/keyrings/x.asc] http://host/debian bookworm main`.'),
    state: z.enum(['present', 'absent']).default('present').describe('present: the line is in a file (added, or uncommented); absent: removed from every file.'),
    filename: z
      .string()
      .regex(/^[\w.-]+$/, 'must be a plain file name')
      .optional()
      .describe('File name in /etc/apt/sources.list.d, without `.list`; default: derived from the URI as Ansible does.'),
    mode: modeArg('Mode of the file written (default: 0644 for a new file; an existing one keeps its mode).').optional(),
    update_cache: boolArg('Run `apt-get update` after a change (reverting the change if it fails).').default(true),
    'update-cache': boolArg('Alias of update_cache.').optional(),
    codename: ignored('only used for PPAs.'),
    validate_certs: ignored('no effect.'),
    install_python_apt: ignored('no effect (no Python on the host).'),
    update_cache_retries: ignored('no effect.'),
    update_cache_retry_max_delay: ignored('no effect.'),
  })
  .refine((a) => !a.repo.trim().startsWith('ppa:'), { message: 'PPA repositories are not supported; give a deb line' })
  .refine((a) => parseSourceLine(a.repo)?.enabled === true, { message: "repo must be a one-line source starting with 'deb' or 'deb-src'" })
  .refine((a) => a.mode === undefined || /^[0-7]{4}$/.test(a.mode), { message: 'mode must be octal, e.g. 0644' });

type Args = z.output<typeof args>;

interface Sources {
  files: Map<string, string>;
  targetMode?: string;
  keyMissing?: string;
}

const LIST_FILES = `for f in /etc/apt/sources.list ${DIR}/*.list; do [ -f "$f" ] && printf '%s %s\\n' "$(printf %s "$f" | base64 -w0)" "$(base64 -w0 < "$f")"; done; true`;

async function readSources(ctx: ModuleContext, target: string, key: string | undefined): Promise<Sources> {
  const p = await probeAll(ctx.run, {
    files: LIST_FILES,
    mode: `stat -c %a ${shQuote(target)}`,
    key: key ? `[ -e ${shQuote(key)} ]` : 'true',
  });
  const files = new Map<string, string>();
  for (const line of p.files.out.split('\n')) {
    const [path, content = ''] = line.split(' ');
    if (path) files.set(Buffer.from(path, 'base64').toString(), Buffer.from(content, 'base64').toString());
  }
  return { files, targetMode: p.mode.rc === 0 ? p.mode.out.trim().padStart(4, '0') : undefined, keyMissing: p.key.rc !== 0 ? key : undefined };
}

/** path → new content, or null to delete the file. */
type Edits = Map<string, string | null>;

function matches(text: string, source: string, enabled?: boolean): boolean {
  return text.split('\n').some((l) => {
    const p = parseSourceLine(l);
    return p?.source === source && (enabled === undefined || p.enabled === enabled);
  });
}

function planEdits(a: Args, source: string, target: string, s: Sources): Edits {
  const edits: Edits = new Map();
  if (a.state === 'absent') {
    for (const [path, text] of s.files) {
      if (!matches(text, source)) continue;
      const rest = removeFrom(text, source);
      edits.set(path, rest === '' && path.startsWith(`${DIR}/`) ? null : rest);
    }
    return edits;
  }
  const enabledIn = [...s.files].find(([, text]) => matches(text, source, true))?.[0];
  if (enabledIn) {
    if (enabledIn === target && a.mode && a.mode !== s.targetMode) edits.set(target, s.files.get(target)!);
    return edits;
  }
  const disabledIn = [...s.files].find(([, text]) => matches(text, source, false))?.[0];
  if (disabledIn) edits.set(disabledIn, enableIn(s.files.get(disabledIn)!, source));
  else edits.set(target, `${s.files.get(target) ?? ''}${source}\n`);
  return edits;
}

function diffs(edits: Edits, s: Sources, a: Args, target: string): FileDiff[] {
  return [...edits].map(([path, after]) => {
    const d: FileDiff = { path, before: s.files.get(path) ?? '', after: after ?? '' };
    if (path === target && a.mode && a.mode !== s.targetMode) d.attributes = { mode: [s.targetMode, a.mode] };
    return d;
  });
}

/** Put a file back as the read found it. */
function restore(path: string, s: Sources, target: string): string {
  const before = s.files.get(path);
  if (before === undefined) return `rm -f ${shQuote(path)}`;
  const mode = path === target ? s.targetMode : undefined;
  return writeStep(path, before, mode ? { mode } : {});
}

function writeScript(edits: Edits, s: Sources, a: Args, target: string, update: boolean, mark: string): string {
  const lines = [APT_ENV, lockedRunner(mark, 60)];
  for (const [path, content] of edits) {
    if (content === null) lines.push(step(`removing ${path}`, `rm -f ${shQuote(path)}`));
    else lines.push(writeStep(path, content, path === target && a.mode ? { mode: a.mode } : {}));
  }
  if (update) lines.push(updateScript(mark, [...edits.keys()].map((p) => restore(p, s, target)).join('\n')));
  return lines.join('\n');
}

async function apply(ctx: ModuleContext, edits: Edits, s: Sources, a: Args, target: string): Promise<ModuleResult> {
  const update = a['update-cache'] ?? a.update_cache;
  const mark = newMark();
  const res = await ctx.run(writeScript(edits, s, a, target, update, mark));
  const parts = sections(res.stdout, mark);
  if (parts.some((p) => p.name === 'update-failed')) {
    return { changed: false, failed: true, msg: `Failed to update apt cache: ${res.stderr.trim()} (the source files were put back as they were)` };
  }
  if (res.rc !== 0) return { changed: false, failed: true, msg: res.stderr.trim() || `rc=${res.rc}` };
  const updated = parts.find((p) => p.name === 'updated');
  return { changed: true, cache_updated: updated !== undefined, ...(updated ? { cache_update_time: Number(updated.arg) } : {}) };
}

export default defineModule({
  name: 'apt_repository',
  args,
  async run(a, ctx) {
    const source = normaliseSource(a.repo);
    const target = `${DIR}/${a.filename ?? suggestFilename(source)}.list`;
    const key = a.state === 'present' ? signedBy(source) : undefined;
    const s = await readSources(ctx, target, key);
    const edits = planEdits(a, source, target, s);
    const warning = s.keyMissing ? `the key ${s.keyMissing} named by signed-by does not exist on the host; install it first (copy or get_url, mode 0644)` : undefined;
    const base = {
      repo: source,
      state: a.state,
      sources_added: [...edits].filter(([p, c]) => c !== null && !s.files.has(p)).map(([p]) => p),
      sources_removed: [...edits].filter(([, c]) => c === null).map(([p]) => p),
      ...(ctx.diff && edits.size > 0 ? { diff: diffs(edits, s, a, target) } : {}),
    };
    if (edits.size === 0) return { ...base, changed: false };
    if (warning && !ctx.check) throw new ModuleError(warning);
    if (ctx.check) return { ...base, changed: true, ...(warning ? { warnings: [warning], msg: warning } : {}) };
    const applied = await apply(ctx, edits, s, a, target);
    // A failed write or update left (or put back) the files as they were: no diff, nothing added.
    return applied.failed ? { repo: source, state: a.state, ...applied } : { ...base, ...applied };
  },
});

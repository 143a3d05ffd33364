// `modprobe` (community.general.modprobe): a kernel module loaded or not, and
// optionally persisted in /etc/modules-load.d/<name>.conf (+ its parameters in
// /etc/modprobe.d/<name>.conf).
//
// Whether the module is there is read from /sys/module, /proc/modules and
// modules.builtin, then from what a built-in module leaves in /proc when none
// of those show it (containers and kernels without module support): the
// bridge sysctls for br_netfilter, nf_conntrack_max for nf_conntrack, a
// filesystem of that name in /proc/filesystems (overlay, nfs...). A built-in
// module is present without running modprobe, so the task is ok and only the
// persistence files are managed. When a load is really needed and modprobe
// fails, the task fails with modprobe's own message (and says so when the
// kernel has no loadable module support at all).
//
// Check mode dry-runs a needed load (`modprobe -n`, in the read round trip)
// and fails as the real run would, as Ansible's check mode does.
//
// Deviations from Ansible: built-in modules are also recognised from /proc
// (above; Ansible fails without /proc/modules); only `*.conf` files (what
// modprobe and systemd read) are searched and edited; a symlinked file (Debian's modules-load.d/modules.conf -> /etc/modules)
// is edited through the link; with empty params an old options file is
// commented out rather than replaced by an empty one.
import { z } from 'zod';
import { globProbe, parseGlobProbe, probeAll, type HostFile } from '../facts/probe.js';
import { parentDirsStep, runSteps, step, writeStep } from './host-steps.js';
import { shQuote, splitWords } from './shell-quote.js';
import { defineModule, type FileDiff, type ModuleContext, type ModuleResult } from './types.js';

const LOAD_DIR = '/etc/modules-load.d';
const OPTIONS_DIR = '/etc/modprobe.d';

const args = z.strictObject({
  name: z.string().regex(/^[\w-]+$/, 'a kernel module name (letters, digits, _ and -)').describe('The kernel module.'),
  state: z.enum(['present', 'absent']).default('present').describe('Whether the module should be loaded.'),
  params: z.string().default('').describe('Module parameters, e.g. "numdummies=2", used when loading and persisted with persistent=present.'),
  persistent: z
    .enum(['disabled', 'present', 'absent'])
    .default('disabled')
    .describe('present: load it at boot (modules-load.d, params in modprobe.d); absent: comment those lines out; disabled: leave them alone.'),
});

type Args = z.output<typeof args>;

/** `loaded`, `builtin <evidence>` or `absent`: what the running kernel has. */
function loadedProbe(name: string): string {
  const n = shQuote(name.replace(/-/g, '_'));
  return [
    `n=${n}; b=/lib/modules/$(uname -r)/modules.builtin`,
    'if [ -e "/sys/module/$n/initstate" ]; then echo loaded',
    'elif [ -d "/sys/module/$n" ]; then echo "builtin /sys/module/$n"',
    'elif [ -r /proc/modules ] && grep -q "^$n " /proc/modules; then echo loaded',
    `elif [ -r "$b" ] && tr - _ < "$b" | grep -q "/$n\\.ko$"; then echo "builtin $b"`,
    'elif [ "$n" = br_netfilter ] && [ -d /proc/sys/net/bridge ]; then echo "builtin /proc/sys/net/bridge"',
    'elif [ "$n" = nf_conntrack ] && [ -e /proc/sys/net/netfilter/nf_conntrack_max ]; then echo "builtin /proc/sys/net/netfilter"',
    `elif awk -v n="$n" '$NF == n { f = 1 } END { exit !f }' /proc/filesystems; then echo "builtin /proc/filesystems"`,
    'else echo absent; fi',
  ].join('\n');
}

/** The module and its parameters, quoted for sh. */
function modprobeArgv(a: Args): string {
  return [a.name, ...splitWords(a.params)].map(shQuote).join(' ');
}

function dryRunProbe(a: Args): string {
  return `command -v modprobe >/dev/null || { echo 'modprobe: command not found (package kmod)'; exit 127; }; modprobe -n ${modprobeArgv(a)} 2>&1`;
}

const noModules = 'this kernel has no loadable module support (/proc/modules is missing): the module must be built in, or loaded on the machine that runs this container';

// The lines community.general.modprobe recognises (one parameter per options line);
// the name needs no escaping, the schema allows only [A-Za-z0-9_-].
const moduleLine = (name: string): RegExp => new RegExp(`^ *${name} *(?:[#;].*)?$`);
const optionsLine = (name: string): RegExp => new RegExp(`^options ${name} (\\w+=\\S+) *(?:[#;].*)?$`);

/** Comment out the matching lines of each file; returns only the files that change. */
function commentOut(files: HostFile[], re: RegExp): HostFile[] {
  return files
    .map((f) => ({ path: f.path, content: f.content.split('\n').map((l) => (re.test(l) ? `#${l}` : l)).join('\n') }))
    .filter((f, i) => f.content !== files[i]!.content);
}

function permanentParams(files: HostFile[], name: string): Set<string> {
  const re = optionsLine(name);
  return new Set(files.flatMap((f) => f.content.split('\n').flatMap((l) => re.exec(l)?.[1] ?? [])));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** The files to write so the persistence matches `persistent`. */
function persistenceEdits(a: Args, loadFiles: HostFile[], optionFiles: HostFile[]): HostFile[] {
  if (a.persistent === 'disabled') return [];
  const listed = loadFiles.some((f) => f.content.split('\n').some((l) => moduleLine(a.name).test(l)));
  const current = permanentParams(optionFiles, a.name);
  if (a.persistent === 'absent') {
    return [...(listed ? commentOut(loadFiles, moduleLine(a.name)) : []), ...(current.size ? commentOut(optionFiles, optionsLine(a.name)) : [])];
  }
  const edits: HostFile[] = [];
  if (!listed) edits.push({ path: `${LOAD_DIR}/${a.name}.conf`, content: `${a.name}\n` });
  const wanted = new Set(a.params.split(/\s+/).filter((p) => p !== ''));
  if (!sameSet(wanted, current)) {
    const own = `${OPTIONS_DIR}/${a.name}.conf`;
    const others = commentOut(optionFiles, optionsLine(a.name)).filter((f) => f.path !== own || wanted.size === 0);
    edits.push(...others);
    if (wanted.size) edits.push({ path: own, content: [...wanted].map((p) => `options ${a.name} ${p}\n`).join('') });
  }
  return edits;
}

/** The files, then the load or unload; a failed load says when the kernel cannot load modules at all. */
async function apply(a: Args, ctx: ModuleContext, edits: HostFile[], load: boolean, unload: boolean, hint: string): Promise<ModuleResult | undefined> {
  const steps = edits.map((e) => writeStep(e.path, e.content));
  if (edits.length) steps.unshift(parentDirsStep(edits.map((e) => e.path)));
  if (load) steps.push(step(`modprobe ${a.name}`, `modprobe ${modprobeArgv(a)}`));
  if (unload) steps.push(step(`modprobe -r ${a.name}`, `modprobe -r ${shQuote(a.name)}`));
  const { failure } = await runSteps(ctx, steps);
  if (failure && load) failure.msg = `${String(failure.msg)}${hint}`;
  return failure;
}

export default defineModule({
  name: 'modprobe',
  args,
  async run(a, ctx) {
    const host = await probeAll(ctx.run, {
      kernel: loadedProbe(a.name),
      modules: '[ -e /proc/modules ]',
      dry: dryRunProbe(a),
      load: globProbe(`${LOAD_DIR}/*.conf`),
      options: globProbe(`${OPTIONS_DIR}/*.conf`),
    });
    const [kernelState = 'absent', evidence] = host.kernel.out.trim().split(' ');
    const result = { name: a.name, params: a.params, state: a.state };
    const hint = host.modules.rc !== 0 ? `; ${noModules}` : '';
    if (a.state === 'absent' && kernelState === 'builtin') {
      return { ...result, changed: false, failed: true, msg: `${a.name} is built into the kernel (${evidence}) and cannot be unloaded` };
    }
    const load = a.state === 'present' && kernelState === 'absent';
    const unload = a.state === 'absent' && kernelState === 'loaded';
    if (load && ctx.check && host.dry.rc !== 0) {
      return { ...result, changed: false, failed: true, msg: `modprobe ${a.name} failed: ${host.dry.out.trim()}${hint}` };
    }
    const [loadFiles, optionFiles] = [parseGlobProbe(host.load.out), parseGlobProbe(host.options.out)];
    const edits = persistenceEdits(a, loadFiles, optionFiles);
    const changed = load || unload || edits.length > 0;
    if (!changed) return { ...result, changed };

    const before = new Map([...loadFiles, ...optionFiles].map((f) => [f.path, f.content]));
    const diff: FileDiff[] = edits.map((e) => ({ path: e.path, before: before.get(e.path) ?? '', after: e.content }));
    if (load || unload) diff.unshift({ path: `kernel module ${a.name}`, attributes: { state: load ? ['absent', 'present'] : ['present', 'absent'] } });
    if (ctx.check) return { ...result, changed, diff };
    const failure = await apply(a, ctx, edits, load, unload, hint);
    return failure ? { ...result, ...failure } : { ...result, changed, diff };
  },
});

// Several reads in one round trip: each named probe is a sh snippet whose exit
// code and exact stdout (trailing newlines kept, base64 on the wire) come back
// under its name. Modules that compare a host's files and command output with
// the desired state read everything they need with one `probeAll`.
import { ModuleError } from '../errors.js';
import { shQuote } from '../modules/shell-quote.js';

type Run = (script: string) => Promise<{ rc: number; stdout: string; stderr: string }>;

export interface Probed {
  rc: number;
  out: string;
}

/** `o=$(cmd; printf x)` keeps trailing newlines that `$(cmd)` alone would strip. */
function probeLine(key: string, cmd: string): string {
  return [
    `o=$(${cmd}`,
    'r=$?; printf x; exit $r); r=$?',
    `printf '%s %s ' ${shQuote(key)} "$r"; printf '%s' "\${o%x}" | base64 -w0; echo`,
  ].join('\n');
}

export function probeScript(probes: Record<string, string>): string {
  return ['LC_ALL=C; export LC_ALL', ...Object.entries(probes).map(([k, cmd]) => probeLine(k, cmd)), 'exit 0'].join('\n');
}

export function parseProbes(stdout: string): Map<string, Probed> {
  const out = new Map<string, Probed>();
  for (const line of stdout.split('\n')) {
    const [key, rc, b64 = ''] = line.split(' ');
    if (key && rc !== undefined) out.set(key, { rc: Number(rc), out: Buffer.from(b64, 'base64').toString('utf8') });
  }
  return out;
}

/** Run every probe on the host in one round trip; a probe that never reported is an error. */
export async function probeAll<K extends string>(run: Run, probes: Record<K, string>): Promise<Record<K, Probed>> {
  const res = await run(probeScript(probes));
  const parsed = parseProbes(res.stdout);
  const result = {} as Record<K, Probed>;
  for (const key of Object.keys(probes) as K[]) {
    const p = parsed.get(key);
    if (!p) throw new ModuleError(`reading the host's state failed: ${res.stderr.trim() || `rc=${res.rc}`}`);
    result[key] = p;
  }
  return result;
}

/** The probe for a file's content: rc 0 with the bytes, rc 1 when it is not a regular file. */
export function catProbe(path: string): string {
  return `[ -f ${shQuote(path)} ] && cat ${shQuote(path)}`;
}

export interface HostFile {
  /** The real path (symlinks resolved), so an edit never replaces a link with a file. */
  path: string;
  content: string;
}

/** The probe for every regular file matching a glob: one `b64(realpath) b64(content)` line each. */
export function globProbe(glob: string): string {
  return `for f in ${glob}; do [ -f "$f" ] || continue; printf '%s %s\\n' "$(readlink -f "$f" | base64 -w0)" "$(base64 -w0 < "$f")"; done; exit 0`;
}

export function parseGlobProbe(out: string): HostFile[] {
  return out
    .split('\n')
    .filter((l) => l.includes(' '))
    .map((l) => {
      const [p = '', c = ''] = l.split(' ');
      return { path: Buffer.from(p, 'base64').toString('utf8').replace(/\n$/, ''), content: Buffer.from(c, 'base64').toString('utf8') };
    });
}

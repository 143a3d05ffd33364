// What `apt` reads before deciding anything, in one round trip: whether apt
// is there, the dpkg status of the named packages (or of the .deb's package),
// and how old the package lists are, measured by the host's own clock.
import { probeAll } from '../facts/probe.js';
import { ModuleError } from '../errors.js';
import { shQuote } from './shell-quote.js';

/** One installed (or half-installed, or config-files) instance of a package. */
export interface DpkgEntry {
  arch: string;
  version: string;
  /** dpkg's two-letter status: `ii` installed, `rc` removed with config files left, ... */
  status: string;
}

export interface DebInfo {
  package: string;
  version: string;
}

export interface AptState {
  /** package name → its dpkg entries (several with multiarch). */
  dpkg: Map<string, DpkgEntry[]>;
  /** Seconds since the last successful `apt-get update`, by the host's clock. */
  cacheAge: number;
  /** When the lists were last updated (epoch seconds), Ansible's `cache_update_time`. */
  cacheTime: number;
  deb?: DebInfo;
}

export const STAMP = '/var/lib/apt/periodic/update-success-stamp';
const DPKG_FORMAT = '${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\n';

export function dpkgQuery(names: string): string {
  return `dpkg-query -W -f=${shQuote(DPKG_FORMAT)} ${names} 2>/dev/null; true`;
}

/** dpkg-deb reads the control fields of a file on the host, or of the upload on stdin. */
function debProbe(source: string): string {
  return [
    `f=$(dpkg-deb -f ${shQuote(source)} Package Version 2>&1) || { printf '%s' "$f"; exit 1; }`,
    `printf '%s\\n\\n' "$f"`,
    dpkgQuery(`"$(printf '%s\\n' "$f" | sed -n 's/^Package: //p')"`),
  ].join('\n');
}

/** `debSource`: a host path, or `/dev/stdin` with the file's bytes as `stdin`. */
export async function readAptState(
  run: (script: string, o?: { stdin?: Buffer }) => Promise<{ rc: number; stdout: string; stderr: string }>,
  names: string[],
  debSource?: string,
  stdin?: Buffer,
): Promise<AptState> {
  const probes = {
    apt: 'command -v apt-get',
    pkgs: names.length > 0 ? dpkgQuery(names.map(shQuote).join(' ')) : 'true',
    // No package lists at all (a fresh host) means the cache was never updated, however young the folder.
    cache: `if ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then stat -c %Y ${STAMP} 2>/dev/null || stat -c %Y /var/lib/apt/lists; else echo 0; fi`,
    now: 'date +%s',
    deb: debSource ? debProbe(debSource) : 'true',
  };
  const p = await probeAll((s) => run(s, stdin ? { stdin } : {}), probes);
  if (p.apt.rc !== 0) throw new ModuleError('apt-get is not installed on the host (only apt-based systems are supported)');
  if (p.deb.rc !== 0) throw new ModuleError(`cannot read the .deb ${debSource === '/dev/stdin' ? '(uploaded)' : debSource}: ${p.deb.out.trim()}`);
  const cacheTime = Number(p.cache.out.trim()) || 0;
  const state: AptState = { dpkg: parseDpkg(p.pkgs.out), cacheTime, cacheAge: Number(p.now.out.trim()) - cacheTime };
  if (debSource) {
    const [fields = '', status = ''] = p.deb.out.split('\n\n');
    state.deb = { package: field(fields, 'Package'), version: field(fields, 'Version') };
    for (const [k, v] of parseDpkg(status)) state.dpkg.set(k, v);
  }
  return state;
}

function field(control: string, name: string): string {
  return new RegExp(`^${name}: (.*)$`, 'm').exec(control)?.[1]?.trim() ?? '';
}

/** `name\tarch\tversion\tii ` lines (dpkg-query's format above). */
export function parseDpkg(text: string): Map<string, DpkgEntry[]> {
  const out = new Map<string, DpkgEntry[]>();
  for (const line of text.split('\n')) {
    const [name, arch = '', version = '', status = ''] = line.split('\t');
    if (!name) continue;
    out.set(name, [...(out.get(name) ?? []), { arch, version, status: status.trim() }]);
  }
  return out;
}

/** dpkg's second status letter: `i` installed; `W`/`t` installed with triggers pending. */
export function isInstalled(e: DpkgEntry): boolean {
  return /^.[iWt]/.test(e.status);
}

/** Anything dpkg still knows beyond `not-installed`: config files count (for purge). */
export function isPresentAtAll(e: DpkgEntry): boolean {
  return !/^.n/.test(e.status) && e.status !== '';
}

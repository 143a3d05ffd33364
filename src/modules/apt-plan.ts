// From the arguments and the host's dpkg state to the one apt-get command
// that brings the host where the task wants it (or none: nothing to do).
import type { AptArgs } from './apt-args.js';
import { splitPin } from './apt-args.js';
import type { AptState, DpkgEntry } from './apt-state.js';
import { isInstalled, isPresentAtAll } from './apt-state.js';

/** Stands for the .deb's path on the host in a command; the write script fills it in. */
export const DEB_ARG = '\0deb';

export interface AptPlan {
  /** Run `apt-get update` first. */
  update: boolean;
  /** apt-get's arguments; absent when the packages are already as wanted. */
  command?: string[];
}

/** fnmatch as Ansible applies it to versions: `*`, `?` and `[...]`; everything else literal. */
export function versionMatches(version: string, pin: string): boolean {
  const re = pin.replace(/[.+^${}()|\\:~]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(version);
}

function entriesOf(state: AptState, name: string): DpkgEntry[] {
  const [pkg = name, arch] = name.split(':');
  return (state.dpkg.get(pkg) ?? []).filter((e) => arch === undefined || e.arch === arch || e.arch === 'all');
}

function satisfied(state: AptState, spec: string): boolean {
  const [name, pin] = splitPin(spec);
  return entriesOf(state, name).some((e) => isInstalled(e) && (pin === undefined || versionMatches(e.version, pin)));
}

function removable(state: AptState, spec: string, purge: boolean): boolean {
  const [name, pin] = splitPin(spec);
  return entriesOf(state, name).some(
    // Without purge, a package that left only its configuration files behind is already removed.
    (e) => isPresentAtAll(e) && (purge || !/^.c/.test(e.status)) && (pin === undefined || versionMatches(e.version, pin)),
  );
}

/** The options every install-like command takes (Ansible's order of concerns). */
export function commonOptions(a: AptArgs): string[] {
  const opts = ['-y', '-q'];
  for (const o of a.dpkg_options.split(',').map((s) => s.trim()).filter(Boolean)) opts.push('-o', `Dpkg::Options::=--${o.replace(/^--/, '')}`);
  if (a.install_recommends === true) opts.push('-o', 'APT::Install-Recommends=true');
  if (a.install_recommends === false) opts.push('--no-install-recommends');
  if (a.default_release) opts.push('-t', a.default_release);
  if (a.allow_downgrade || a.force) opts.push('--allow-downgrades');
  if (a.allow_unauthenticated || a.force) opts.push('--allow-unauthenticated');
  if (a.allow_change_held_packages || a.force) opts.push('--allow-change-held-packages');
  if (a.force) opts.push('--allow-remove-essential');
  return opts;
}

function packageCommand(a: AptArgs, s: AptState): string[] | undefined {
  const opts = commonOptions(a);
  const autoremove = a.autoremove ? ['--auto-remove'] : [];
  switch (a.state) {
    case 'present': {
      const missing = a.names.filter((n) => !satisfied(s, n));
      return missing.length ? [...opts, ...autoremove, 'install', ...missing] : undefined;
    }
    case 'latest':
      // Whether a newer version exists only apt knows: always ask it (the result says if anything changed).
      return [...opts, ...autoremove, ...(a.only_upgrade ? ['--only-upgrade'] : []), 'install', ...a.names];
    case 'fixed':
      return [...opts, ...autoremove, '--fix-broken', 'install', ...a.names];
    case 'absent': {
      const doomed = a.names.filter((n) => removable(s, n, a.purge)).map((n) => splitPin(n)[0]);
      return doomed.length ? [...opts, ...(a.purge ? ['--purge'] : []), ...autoremove, 'remove', ...doomed] : undefined;
    }
  }
}

function debCommand(a: AptArgs, s: AptState): string[] | undefined {
  const deb = s.deb!;
  const current = (s.dpkg.get(deb.package) ?? []).some((e) => isInstalled(e) && e.version === deb.version);
  return current && !a.force ? undefined : [...commonOptions(a), 'install', DEB_ARG];
}

export function planApt(a: AptArgs, s: AptState): AptPlan {
  const update = a.update_cache && (a.cache_valid_time === 0 || s.cacheAge > a.cache_valid_time);
  let command: string[] | undefined;
  if (a.deb) command = debCommand(a, s);
  else if (a.upgrade !== 'no') {
    const verb = a.upgrade === 'full' || a.upgrade === 'dist' ? ['dist-upgrade'] : ['--with-new-pkgs', 'upgrade'];
    command = [...commonOptions(a), ...(a.autoremove ? ['--auto-remove'] : []), ...verb];
  } else if (a.names.length > 0 || a.state === 'fixed') command = packageCommand(a, s);
  else if (a.autoremove) command = [...commonOptions(a), ...(a.purge ? ['--purge'] : []), 'autoremove'];
  return { update, command };
}

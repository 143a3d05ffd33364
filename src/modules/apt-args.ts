// The arguments of `apt` (and of `package`, which passes them on): Ansible's
// names and aliases, normalised to one shape the planner reads.
import { z } from 'zod';
import { boolArg } from './file-args.js';

/** A number of seconds; `k=v` arguments arrive as text. */
function secondsArg(description: string) {
  return z.coerce.number().int().min(0).describe(description);
}

/** Ansible's `type=list`: a YAML list, or one string split at commas. */
const namesArg = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v.map(String) : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
  .describe('Package names, optionally pinned with a version glob (`docker.io=20.10.*`), or `name:arch`. A list or a comma-separated string.');

const upgradeArg = z
  .union([z.boolean(), z.enum(['no', 'yes', 'safe', 'full', 'dist'])])
  .transform((v) => (v === true ? 'yes' : v === false ? 'no' : v))
  .describe('Upgrade installed packages: `yes`/`safe` (`apt-get upgrade --with-new-pkgs`), `full`/`dist` (`apt-get dist-upgrade`).');

export const aptShape = {
  name: namesArg.optional(),
  pkg: namesArg.optional().describe('Alias of name.'),
  package: namesArg.optional().describe('Alias of name.'),
  state: z
    .enum(['present', 'absent', 'latest', 'fixed'])
    .default('present')
    .describe('present: installed (a pinned version must match); latest: the candidate version; absent: removed; fixed: `apt-get --fix-broken install`.'),
  update_cache: boolArg('Run `apt-get update` first (unless the cache is younger than cache_valid_time).').default(false),
  'update-cache': boolArg('Alias of update_cache.').optional(),
  cache_valid_time: secondsArg('With update_cache: skip the update if the last one is younger than this many seconds.').default(0),
  install_recommends: boolArg('Install recommended packages (true) or not (false); unset: as apt is configured.').optional(),
  'install-recommends': boolArg('Alias of install_recommends.').optional(),
  purge: boolArg('With state=absent: also remove configuration files (`--purge`).').default(false),
  autoremove: boolArg('Remove dependencies nothing needs any more (`--auto-remove`; alone: `apt-get autoremove`).').default(false),
  deb: z
    .string()
    .min(1)
    .optional()
    .describe('A .deb to install: an absolute path on the host, or a relative name looked up in the controller\'s `files/` and uploaded.'),
  dpkg_options: z.string().default('force-confdef,force-confold').describe('dpkg options, comma-separated, each passed as `-o Dpkg::Options::=--OPTION`.'),
  allow_downgrade: boolArg('Allow installing a lower version than the installed one (`--allow-downgrades`).').default(false),
  allow_downgrades: boolArg('Alias of allow_downgrade.').optional(),
  'allow-downgrade': boolArg('Alias of allow_downgrade.').optional(),
  'allow-downgrades': boolArg('Alias of allow_downgrade.').optional(),
  allow_unauthenticated: boolArg('Install packages from unsigned repositories (`--allow-unauthenticated`).').default(false),
  'allow-unauthenticated': boolArg('Alias of allow_unauthenticated.').optional(),
  allow_change_held_packages: boolArg('Allow changing packages on hold (`--allow-change-held-packages`).').default(false),
  default_release: z.string().optional().describe('The release to install from (`-t`), e.g. `bookworm-backports`.'),
  'default-release': z.string().optional().describe('Alias of default_release.'),
  only_upgrade: boolArg('With state=latest: only upgrade installed packages, never install new ones (`--only-upgrade`).').default(false),
  force: boolArg('Allow downgrades, unauthenticated packages, removing essential and changing held packages. Dangerous.').default(false),
  upgrade: upgradeArg.default('no'),
  lock_timeout: secondsArg('How long to wait for the dpkg/apt lock held by another process before failing.').default(60),
};

export interface AptArgs {
  names: string[];
  state: 'present' | 'absent' | 'latest' | 'fixed';
  update_cache: boolean;
  cache_valid_time: number;
  install_recommends?: boolean;
  purge: boolean;
  autoremove: boolean;
  deb?: string;
  dpkg_options: string;
  allow_downgrade: boolean;
  allow_unauthenticated: boolean;
  allow_change_held_packages: boolean;
  default_release?: string;
  only_upgrade: boolean;
  force: boolean;
  upgrade: 'no' | 'yes' | 'safe' | 'full' | 'dist';
  lock_timeout: number;
}

type Raw = z.output<z.ZodObject<typeof aptShape>>;

/** At most one of a field's spellings may be given; returns the one that was. */
function oneOf<T>(ctx: z.RefinementCtx, label: string, values: (T | undefined)[]): T | undefined {
  const given = values.filter((v) => v !== undefined);
  if (given.length > 1) ctx.addIssue({ code: 'custom', message: `${label} is given under more than one of its names` });
  return given[0];
}

/** Folds the aliases into their main names and checks the combinations Ansible rejects. */
export function normaliseApt(a: Raw, ctx: z.RefinementCtx): AptArgs {
  const names = oneOf(ctx, 'name', [a.name, a.pkg, a.package]) ?? [];
  const deb = a.deb;
  if (deb !== undefined && names.length > 0) ctx.addIssue({ code: 'custom', message: 'name and deb are mutually exclusive' });
  if (a.upgrade !== 'no' && (names.length > 0 || deb)) ctx.addIssue({ code: 'custom', message: 'upgrade cannot be combined with name or deb' });
  for (const n of names) {
    const [pkg = '', version] = splitPin(n);
    if (!/^[a-z0-9][a-z0-9+.:-]*$/i.test(pkg)) ctx.addIssue({ code: 'custom', message: `'${n}' is not a package name (globs are allowed only in the version, after '=')` });
    if (version !== undefined && a.state === 'latest') ctx.addIssue({ code: 'custom', message: `state=latest cannot be combined with a version pin ('${n}')` });
  }
  const update = a['update-cache'] ?? a.update_cache;
  if (names.length === 0 && !deb && a.upgrade === 'no' && !update && !a.autoremove && a.state !== 'fixed') {
    ctx.addIssue({ code: 'custom', message: 'one of name, deb, upgrade, update_cache or autoremove is required' });
  }
  return {
    names,
    state: a.state,
    update_cache: update,
    cache_valid_time: a.cache_valid_time,
    install_recommends: oneOf(ctx, 'install_recommends', [a.install_recommends, a['install-recommends']]),
    purge: a.purge,
    autoremove: a.autoremove,
    deb,
    dpkg_options: a.dpkg_options,
    allow_downgrade: a.allow_downgrades ?? a['allow-downgrade'] ?? a['allow-downgrades'] ?? a.allow_downgrade,
    allow_unauthenticated: a['allow-unauthenticated'] ?? a.allow_unauthenticated,
    allow_change_held_packages: a.allow_change_held_packages,
    default_release: oneOf(ctx, 'default_release', [a.default_release, a['default-release']]),
    only_upgrade: a.only_upgrade,
    force: a.force,
    upgrade: a.upgrade,
    lock_timeout: a.lock_timeout,
  };
}

/** `docker.io=20.10.*` → [`docker.io`, `20.10.*`]; no `=` → no version. */
export function splitPin(spec: string): [string, string | undefined] {
  const eq = spec.indexOf('=');
  return eq < 0 ? [spec, undefined] : [spec.slice(0, eq), spec.slice(eq + 1)];
}

export const aptArgs = z.strictObject(aptShape).transform(normaliseApt);

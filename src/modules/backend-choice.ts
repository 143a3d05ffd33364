// `package` and `service` hand a task to the module of the host's manager:
// the one named by `use`, else the one the gathered facts name, else the
// only one implemented (facts not gathered: that module's own read then
// fails clearly on a host that lacks it).
import { ModuleError } from '../errors.js';
import type { ModuleContext } from './types.js';

const LABEL = { pkg_mgr: 'package manager', service_mgr: 'service manager' };

/** Throws unless the manager chosen for this host is `only`, the one mosip-play implements. */
export function requireBackend(module: string, use: string, ctx: ModuleContext, fact: keyof typeof LABEL, only: string): void {
  const value = (ctx.vars.ansible_facts as Record<string, unknown> | undefined)?.[fact];
  const chosen = use !== 'auto' ? use : typeof value === 'string' && value !== 'unknown' ? value : only;
  if (chosen !== only) throw new ModuleError(`${module}: the host's ${LABEL[fact]} is '${chosen}'; only ${only} is supported`);
}

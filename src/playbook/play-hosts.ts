// A play's `hosts`, templated once the play is loaded, as Ansible templates
// it before the play runs: no host is chosen yet, so only what does not
// depend on one is there (docs/language.md lists it).
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { renderValue } from '../template/render.js';
import { locate } from '../yaml/load.js';
import type { Mapping } from './read.js';

/** The patterns `hosts` names once templated; one template may give a list (`{{ groups.web }}`), as in Ansible. */
export function templatedHosts(raw: Mapping, hosts: string | string[], scope: Vars): string[] {
  const at = locate(raw, 'hosts');
  const value = renderValue(hosts, scope, at);
  return (Array.isArray(value) ? value : [value]).map((p) => pattern(p, at));
}

function pattern(value: unknown, at: Location | undefined): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
  throw new PlaybookError(`'hosts' must give host patterns, but an entry is ${what}`, at);
}

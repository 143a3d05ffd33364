// YAML (and JSON) inventories, read as Ansible's `yaml` inventory plugin reads
// them: top-level keys are groups, and a group may hold `hosts`, `vars` and
// `children` (child groups, nested the same way). Host keys may hold ranges
// and ports like INI host names. Ansible only warns about other keys and skips
// them; here they are errors, because a typo such as `host:` would otherwise
// silently drop hosts.
import type { Location } from '../errors.js';
import { decrypted } from '../vault/run-vault.js';
import { InventoryError } from '../errors.js';
import { locate, parseYaml } from '../yaml/load.js';
import type { InventoryDraft } from './draft.js';
import { parseHostSpec } from './host-spec.js';
import type { Vars } from './model.js';
import { locatedAt } from './offset-error.js';

type Mapping = Record<string, unknown>;

export function parseYamlInventory(text: string, file: string, draft: InventoryDraft): void {
  const doc = decrypted(parseYaml(text, file, InventoryError), file);
  const start = { file, line: 1, col: 1 };
  const groups = mappingOrEmpty(doc, 'a YAML inventory', locate(doc) ?? start);
  if ('plugin' in groups) {
    throw new InventoryError('inventory plugin configurations are not supported', locate(groups, 'plugin'));
  }
  for (const [name, body] of Object.entries(groups)) parseGroup(name, body, locate(groups, name) ?? start, draft);
}

/** A mapping, `{}` for null (an empty entry), or an InventoryError naming `what`. */
export function mappingOrEmpty(value: unknown, what: string, where: Location): Mapping {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InventoryError(`${what} must be a mapping, not ${describe(value)}`, where);
  }
  return value as Mapping;
}

function parseGroup(name: string, body: unknown, where: Location, draft: InventoryDraft): void {
  draft.group(name);
  const sections = mappingOrEmpty(body, `group '${name}'`, where);
  for (const [key, value] of Object.entries(sections)) {
    const at = locate(sections, key) ?? where;
    if (key === 'vars') {
      Object.assign(draft.group(name).vars, mappingOrEmpty(value, `vars of group '${name}'`, at));
    } else if (key === 'hosts') {
      forEachEntry(value, `hosts of group '${name}'`, at, (spec, vars, specAt) =>
        addHosts(spec, vars, specAt, name, draft),
      );
    } else if (key === 'children') {
      forEachEntry(value, `children of group '${name}'`, at, (child, childBody, childAt) => {
        parseGroup(child, childBody, childAt, draft);
        draft.addChild(name, child, childAt);
      });
    } else {
      throw new InventoryError(`unexpected key '${key}' in group '${name}': expected hosts, vars or children`, at);
    }
  }
}

/** Entries of `hosts:`/`children:`; a lone name (`hosts: db1`) counts as one entry, as in Ansible. */
function forEachEntry(
  value: unknown,
  what: string,
  where: Location,
  visit: (key: string, body: unknown, at: Location) => void,
): void {
  if (typeof value === 'string') return visit(value, null, where);
  const entries = mappingOrEmpty(value, what, where);
  for (const [key, body] of Object.entries(entries)) visit(key, body, locate(entries, key) ?? where);
}

function addHosts(spec: string, body: unknown, at: Location, group: string, draft: InventoryDraft): void {
  const parsed = locatedAt(at, () => parseHostSpec(spec));
  const vars: Vars = { ...mappingOrEmpty(body, `vars of host '${spec}'`, at) };
  if (parsed.port !== undefined) vars.ansible_port ??= parsed.port;
  for (const name of parsed.names) draft.addHost(name, group, vars);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the string '${value}'` : `${typeof value} ${String(value)}`;
}

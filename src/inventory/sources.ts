// What one `-i` argument names: an inventory file, a directory of them, or
// (when no such path exists and it has a comma) a host list like `h1,h2:2222,`.
// A directory is read as Ansible reads one: its entries in lexical order,
// subdirectories too, skipping hidden entries, group_vars/, host_vars/,
// vars_plugins/, README*, and the extensions Ansible ignores (REJECT_EXTS and
// INVENTORY_IGNORE_EXTS: .pyc .pyo .swp .bak ~ .rpm .md .txt .rst .orig .cfg
// .retry) plus `.sample`, because MOSIP ships `hosts.ini.sample` next to the
// `hosts.ini` users copy from it (and ansible-core 2.19 parses neither `.sample`
// file with its ini or yaml plugin).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { InventoryError } from '../errors.js';
import type { InventoryDraft } from './draft.js';
import { parseHostSpec } from './host-spec.js';
import { parseIni } from './ini.js';
import { locatedAt } from './offset-error.js';
import { parseYamlInventory } from './yaml.js';

const IGNORED_NAMES = /^(?:\..*|group_vars|host_vars|vars_plugins|README.*)$/;
const IGNORED_ENDINGS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.cfg', '.retry', '.sample'];
const YAML_EXTENSIONS = new Set(['.yml', '.yaml', '.json']);

/** Parse one `-i` argument into `draft`; returns the directory its group_vars/ and host_vars/ sit in, if any. */
export function addSource(path: string, draft: InventoryDraft): string | undefined {
  if (!existsSync(path)) {
    if (!path.includes(',')) throw new InventoryError(`inventory source not found: ${path}`);
    addHostList(path, draft);
    return undefined;
  }
  if (!statSync(path).isDirectory()) {
    addFile(path, draft);
    return resolve(dirname(path));
  }
  for (const file of inventoryFilesIn(path)) addFile(file, draft);
  return resolve(path);
}

function inventoryFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .filter((entry) => !IGNORED_NAMES.test(entry) && !IGNORED_ENDINGS.some((ending) => entry.endsWith(ending)))
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? inventoryFilesIn(path) : [path];
    });
}

function addFile(file: string, draft: InventoryDraft): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new InventoryError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (isYaml(file, text)) parseYamlInventory(text, file, draft);
  else parseIni(text, file, draft);
}

/**
 * YAML by extension, INI for `.ini`; otherwise by content, as Ansible tries its
 * yaml plugin on files without an extension: a `---` or `{` start, or a first
 * line that is a bare `key:` (an INI host line is `name[:port] k=v`, never
 * `name:` and a space).
 */
function isYaml(file: string, text: string): boolean {
  const ext = extname(file).toLowerCase();
  if (ext === '.ini') return false;
  if (YAML_EXTENSIONS.has(ext)) return true;
  const first = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#') && !line.startsWith(';'));
  return first !== undefined && (first.startsWith('---') || first.startsWith('{') || /^[^\s[\]=]+:(?:\s|$)/.test(first));
}

/** `h1,h2:2222,`: ungrouped hosts, as Ansible's host_list plugin reads them. */
function addHostList(list: string, draft: InventoryDraft): void {
  for (const spec of list.split(',').map((part) => part.trim())) {
    if (spec === '') continue;
    const { names, port } = locatedAt({ file: list, line: 1, col: list.indexOf(spec) + 1 }, () => parseHostSpec(spec));
    for (const name of names) draft.addHost(name, 'ungrouped', port === undefined ? {} : { ansible_port: port });
  }
}

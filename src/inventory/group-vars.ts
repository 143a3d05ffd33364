// `group_vars/` and `host_vars/` next to the inventory sources. For a name,
// Ansible (DataLoader.find_vars_files) takes the first of `NAME`, `NAME.yml`,
// `NAME.yaml`, `NAME.json` that exists; when that is a directory, every file
// in it (and in its subdirectories) with one of those extensions or none, in
// lexical order, skipping hidden files and `~` backups. Later files replace
// earlier top-level keys (`hash_behaviour=replace`).
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { InventoryError } from '../errors.js';
import { loadYaml } from '../vault/run-vault.js';
import { locate } from '../yaml/load.js';
import type { Vars } from './model.js';
import { mappingOrEmpty } from './yaml.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

/** The vars files of every inventory base directory, in `-i` order (later wins). */
export class VarsFiles {
  private readonly groupDirs: VarsDir[];
  private readonly hostDirs: VarsDir[];

  constructor(baseDirs: string[]) {
    this.groupDirs = baseDirs.map((dir) => new VarsDir(join(dir, 'group_vars')));
    this.hostDirs = baseDirs.map((dir) => new VarsDir(join(dir, 'host_vars')));
  }

  group(name: string): Vars {
    return Object.assign({}, ...this.groupDirs.map((dir) => dir.load(name)));
  }

  host(name: string): Vars {
    return Object.assign({}, ...this.hostDirs.map((dir) => dir.load(name)));
  }
}

/** One `group_vars` or `host_vars` directory, listed once so lookups for many names stay cheap. */
class VarsDir {
  private readonly entries: Set<string>;

  constructor(private readonly path: string) {
    this.entries = new Set(listDir(path));
  }

  load(name: string): Vars {
    const entry = EXTENSIONS.map((ext) => name + ext).find((candidate) => this.entries.has(candidate));
    if (entry === undefined) return {};
    const path = join(this.path, entry);
    const files = statSync(path).isDirectory() ? varsFilesIn(path) : [path];
    return Object.assign({}, ...files.map(readVarsFile));
  }
}

function varsFilesIn(dir: string): string[] {
  return listDir(dir)
    .sort()
    .filter((entry) => !entry.startsWith('.') && !entry.endsWith('~'))
    .flatMap((entry) => {
      const path = join(dir, entry);
      const ext = extname(entry);
      if (statSync(path).isDirectory()) return ext ? [] : varsFilesIn(path);
      return EXTENSIONS.includes(ext) ? [path] : [];
    });
}

function readVarsFile(file: string): Vars {
  const doc = loadYaml(file, InventoryError);
  return mappingOrEmpty(doc, 'a vars file', locate(doc) ?? { file, line: 1, col: 1 });
}

/** Entry names of a directory; none when it does not exist. */
function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new InventoryError(`cannot read ${path}: ${code ?? String(err)}`);
  }
}

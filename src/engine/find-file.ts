// Where a relative `src:` is looked for, in Ansible's order: next to the
// playbook under files/ or templates/, next to the playbook itself, then the
// project's top-level files/ or templates/ (beside a playbooks/ folder, or the current directory).
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Location } from '../errors.js';
import { PlaybookError } from '../errors.js';

export function findFile(playbookDir: string, kind: 'files' | 'templates' | 'vars', name: string, where?: Location): string {
  if (isAbsolute(name)) {
    if (existsSync(name)) return name;
    throw new PlaybookError(`${name} does not exist on the controller`, where);
  }
  const candidates = [join(playbookDir, kind, name), join(playbookDir, name), resolve(kind, name)];
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  throw new PlaybookError(`could not find '${name}'; looked in ${candidates.join(', ')}`, where);
}

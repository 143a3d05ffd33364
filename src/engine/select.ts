// Which tasks a run includes: --tags/--skip-tags (with Ansible's special
// tags always, never, all, tagged, untagged), --role (with or without the
// role's dependencies) and --start-at-task.
import type { Task } from '../playbook/model.js';

export interface Selection {
  tags: string[];
  skipTags: string[];
  role?: string;
  noDeps: boolean;
  startAt?: string;
}

export const SELECT_ALL: Selection = { tags: ['all'], skipTags: [], noDeps: false };

function tagged(wanted: string[], tags: string[]): boolean {
  return (
    tags.some((t) => wanted.includes(t)) ||
    (wanted.includes('tagged') && tags.length > 0) ||
    (wanted.includes('untagged') && tags.length === 0)
  );
}

/** Why a task is in or out of the run, in words (for --list-tasks). */
export function tagDecision(sel: Selection, tags: string[]): { run: boolean; why: string } {
  if (tagged(sel.skipTags, tags)) return { run: false, why: `skipped by --skip-tags` };
  if (tags.includes('always') && !sel.skipTags.includes('always')) return { run: true, why: "tagged 'always'" };
  const named = sel.tags.filter((t) => t !== 'all');
  if (tags.includes('never')) {
    return tags.some((t) => named.includes(t)) ? { run: true, why: 'a never-tag asked for by name' } : { run: false, why: "tagged 'never'" };
  }
  if (sel.tags.includes('all')) return { run: true, why: 'all tasks run' };
  return tagged(sel.tags, tags) ? { run: true, why: `matches --tags ${sel.tags.join(',')}` } : { run: false, why: 'not in --tags' };
}

export function roleSelected(sel: Selection, task: Pick<Task, 'role'>): boolean {
  if (!sel.role) return true;
  if (task.role?.name === sel.role) return true;
  return !sel.noDeps && (task.role?.requiredBy.includes(sel.role) ?? false);
}

export function displayName(task: Pick<Task, 'name' | 'role'> & { module?: { name: string } }): string {
  const name = task.name ?? task.module?.name ?? 'meta';
  return task.role ? `${task.role.name} : ${name}` : name;
}

/** --start-at-task: nothing runs until a task with that name (plain or `role : name`) is reached. */
export class StartAt {
  private reached: boolean;

  constructor(private readonly name?: string) {
    this.reached = name === undefined;
  }

  passes(task: Task): boolean {
    if (!this.reached && (task.name === this.name || displayName(task) === this.name)) this.reached = true;
    return this.reached;
  }
}

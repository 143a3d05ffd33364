// --list-hosts, --list-tasks, --list-tags: what a run would do, without connecting.
import type { RunOptions } from '../engine/options.js';
import { playHosts } from '../engine/run-playbook.js';
import { displayName, roleSelected, tagDecision } from '../engine/select.js';
import { loadPlaybook } from '../playbook/load.js';
import type { Play, Step, Task } from '../playbook/model.js';

function plays(file: string, options: RunOptions): Play[] {
  return loadPlaybook(file, { extraVars: options.extraVars, groups: options.inventory.groupMap(), listing: true });
}

function tasksOf(steps: Step[]): Task[] {
  return steps.flatMap((s) => (s.kind === 'task' ? [s] : s.kind === 'block' ? tasksOf([...s.block, ...s.rescue, ...s.always]) : []));
}

function header(play: Play, i: number): string {
  return `\n  play #${i + 1} (${play.hosts}): ${play.name}`;
}

export function listHosts(file: string, options: RunOptions): string {
  const lines = [`\nplaybook: ${file}`];
  plays(file, options).forEach((play, i) => {
    const hosts = playHosts(play, options);
    lines.push(header(play, i), `    pattern: ['${play.hosts}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
  });
  return lines.join('\n');
}

/** Every task with its tags and why it is in the run (or, with -v semantics, left out). */
export function listTasks(file: string, options: RunOptions): string {
  const sel = options.selection;
  const lines = [`\nplaybook: ${file}`];
  plays(file, options).forEach((play, i) => {
    lines.push(header(play, i), '    tasks:');
    for (const section of play.sections) {
      for (const task of tasksOf(section.steps)) {
        const tags = tagDecision(sel, task.tags);
        const role = roleSelected(sel, task);
        if (!tags.run || !role) continue;
        const why = sel.role ? `${tags.why}; in role ${sel.role}` : tags.why;
        lines.push(`      ${displayName(task)}\tTAGS: [${task.tags.join(', ')}]\t(${why})`);
      }
    }
  });
  return lines.join('\n');
}

export function listTags(file: string, options: RunOptions): string {
  const lines = [`\nplaybook: ${file}`];
  plays(file, options).forEach((play, i) => {
    const tags = new Set(play.sections.flatMap((s) => tasksOf(s.steps)).flatMap((t) => t.tags));
    lines.push(header(play, i), `      TASK TAGS: [${[...tags].sort().join(', ')}]`);
  });
  return lines.join('\n');
}

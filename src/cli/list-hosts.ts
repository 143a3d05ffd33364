// `--list-hosts`: which hosts each play would run on, without connecting.
import type { RunOptions } from '../engine/options.js';
import { playHosts } from '../engine/run-playbook.js';
import { loadPlaybook } from '../playbook/load.js';

export function listHosts(file: string, options: RunOptions): string {
  const lines = [`\nplaybook: ${file}`];
  loadPlaybook(file).forEach((play, i) => {
    const hosts = playHosts(play, options);
    lines.push('', `  play #${i + 1} (${play.hosts}): ${play.name}`, `    pattern: ['${play.hosts}']`);
    lines.push(`    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
  });
  return lines.join('\n');
}

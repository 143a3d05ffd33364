// --diff output: a unified diff of content, then attribute changes apart.
import { createTwoFilesPatch } from 'diff';
import type { FileDiff } from '../modules/types.js';
import type { Colors } from './format.js';

function colorLine(line: string, c: Colors): string {
  if (line.startsWith('+') && !line.startsWith('+++')) return c.green(line);
  if (line.startsWith('-') && !line.startsWith('---')) return c.red(line);
  if (line.startsWith('@@')) return c.cyan(line);
  return line;
}

function one(d: FileDiff, c: Colors): string {
  const out: string[] = [];
  if (d.before !== undefined || d.after !== undefined) {
    const patch = createTwoFilesPatch(`${d.path} (before)`, `${d.path} (after)`, d.before ?? '', d.after ?? '', '', '', { context: 3 });
    out.push(...patch.split('\n').slice(1).filter((l) => l !== '').map((l) => colorLine(l, c)));
  }
  for (const [name, [from, to]] of Object.entries(d.attributes ?? {})) {
    out.push(`${d.path}: ${name} ${from ?? '(none)'} -> ${to ?? '(none)'}`);
  }
  return out.join('\n');
}

export function renderDiff(diff: FileDiff | FileDiff[], c: Colors): string {
  return (Array.isArray(diff) ? diff : [diff]).map((d) => one(d, c)).filter((s) => s !== '').join('\n');
}

// Table-driven tests for the text-editing modules (lineinfile, blockinfile,
// replace) on lab host h06: every case is one file with a known start and
// one task; one play runs them all, then the files are read back over plain
// ssh and compared byte for byte with what Ansible would have produced.
import type { ExecutionContext } from 'ava';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

export const H = 'h06';

export interface EditCase {
  name: string;
  /** The file before the task; undefined: no file. */
  initial?: string;
  /** Extra sh run in the case's directory after the file is written ($f is its path). */
  setup?: string;
  /** The module's arguments; the file's path is added as `path` (or `pathKey`, to try an alias). */
  args: Record<string, unknown>;
  pathKey?: string;
  /** The file after the task; undefined: no file. */
  expected?: string;
  changed: boolean;
  /** Lines the --diff output must contain; `$f` stands for the case's file. */
  diff?: string[];
}

const pathOf = (dir: string, i: number): string => `${dir}/case${i}`;

/** Put every case's file in its starting state (the directory is recreated). */
export async function setUp(dir: string, cases: EditCase[]): Promise<void> {
  const lines = [`rm -rf ${dir}`, `mkdir -p ${dir}`, `cd ${dir}`];
  cases.forEach((c, i) => {
    lines.push(`f=${pathOf(dir, i)}`);
    if (c.initial !== undefined) lines.push(`printf '%s' '${Buffer.from(c.initial).toString('base64')}' | base64 -d > "$f"`);
    if (c.setup) lines.push(c.setup);
  });
  await onHost(H, lines.join('\n'));
}

export function casesPlay(module: string, dir: string, cases: EditCase[]): string {
  const tasks = cases.map((c, i) => `    - name: ${JSON.stringify(c.name)}\n      ${module}: ${JSON.stringify({ [c.pathKey ?? 'path']: pathOf(dir, i), ...c.args })}`);
  return `- hosts: ${H}\n  gather_facts: false\n  tasks:\n${tasks.join('\n')}\n`;
}

/** Each case file's content (undefined when absent), read with plain ssh. */
export async function contents(dir: string, cases: EditCase[]): Promise<(string | undefined)[]> {
  const script = cases.map((_, i) => `if [ -e ${pathOf(dir, i)} ]; then printf 'Y%s\\n' "$(base64 -w0 < ${pathOf(dir, i)})"; else echo N; fi`).join('\n');
  const out = (await onHost(H, script)).split('\n');
  return out.map((l) => (l.startsWith('Y') ? Buffer.from(l.slice(1), 'base64').toString('utf8') : undefined));
}

/** `changed`/`ok`/`failed` of each task, by task name. */
export function statuses(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of stdout.split(/^TASK \[/m).slice(1)) {
    const status = /^(changed|ok|fatal|skipping): \[/m.exec(block)?.[1];
    out.set(block.slice(0, block.indexOf('] *')), status ?? 'none');
  }
  return out;
}

/**
 * The whole life of a table: apply (every case's content and changed flag),
 * apply again (nothing changes), then from the starting state again a check
 * run with --diff (same verdicts, the diff lines shown, the host untouched).
 */
export async function runCases(t: ExecutionContext, module: string, dir: string, cases: EditCase[]): Promise<void> {
  const yaml = casesPlay(module, dir, cases);
  const paths = cases.map((_, i) => pathOf(dir, i));
  const want = new Map(cases.map((c) => [c.name, c.changed ? 'changed' : 'ok']));
  const changedCount = cases.filter((c) => c.changed).length;

  await setUp(dir, cases);
  const first = await play(yaml);
  t.is(first.code, 0, first.stdout);
  t.deepEqual(statuses(first.stdout), want, first.stdout);
  t.like(recapOf(first.stdout, H), { changed: changedCount, failed: 0 });
  const got = await contents(dir, cases);
  cases.forEach((c, i) => t.is(got[i], c.expected, c.name));

  const again = await play(yaml);
  t.like(recapOf(again.stdout, H), { changed: 0, failed: 0 }, again.stdout);
  t.deepEqual(await contents(dir, cases), got);

  await setUp(dir, cases);
  const before = await fingerprint(H, paths);
  const check = await play(yaml, ['--check', '-D']);
  t.is(check.code, 0, check.stdout);
  t.deepEqual(statuses(check.stdout), want, check.stdout);
  t.is(await fingerprint(H, paths), before, 'check mode wrote nothing');
  cases.forEach((c, i) => {
    for (const line of (c.diff ?? []).map((l) => l.replace('$f', paths[i]!))) {
      t.true(check.stdout.includes(`\n${line}\n`), `${c.name}: the diff shows ${line}\n${check.stdout}`);
    }
  });
}

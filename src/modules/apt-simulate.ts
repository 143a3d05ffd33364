// Check mode for `apt`: `apt-get -s` tells what the command would install,
// upgrade and remove, without a lock and without touching the host. Its
// binary caches are kept in memory (`Dir::Cache::*pkgcache=`) so that not
// even /var/cache/apt is rewritten.
import { ModuleError } from '../errors.js';
import type { ModuleContext } from './types.js';
import { APT_ENV, type Snapshot } from './apt-run.js';
import { shQuote } from './shell-quote.js';

export interface Simulation {
  before: Snapshot;
  after: Snapshot;
  stdout: string;
}

/** `Inst hello (2.10-3 Debian:12 [amd64])`, `Inst libx [1.0] (1.1 ...)`, `Remv hello [2.10-3]`, `Purg hello [2.10-3]`. */
const LINE = /^(Inst|Remv|Purg) (\S+)(?: \[([^\]]*)\])?(?: \((\S+))?/;

export function parseSimulation(stdout: string): Simulation {
  const before: Snapshot = new Map();
  const after: Snapshot = new Map();
  for (const line of stdout.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, op, name = '', current, next] = m;
    if (current !== undefined) before.set(name, current);
    if (op === 'Inst' && next !== undefined) after.set(name, next);
    // A purge after a removal: the removal already recorded the version that goes.
    if (op === 'Purg' && current === undefined && !before.has(name)) before.set(name, '[config files]');
  }
  return { before, after, stdout: stdout.trim() };
}

export async function simulateApt(ctx: ModuleContext, command: string[]): Promise<Simulation> {
  const argv = command.map(shQuote).join(' ');
  const res = await ctx.run(`${APT_ENV}\napt-get -s -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= ${argv}`);
  if (res.rc !== 0) throw new ModuleError(`'apt-get -s ${command.join(' ')}' failed: ${res.stderr.trim() || res.stdout.trim()}`);
  return parseSimulation(res.stdout);
}

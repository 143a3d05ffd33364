// A whole run: the loaded plays in order, then the recap. Hosts that failed in one play are left out of the plays after it.
import { ConnectionPool } from '../connection/index.js';
import type { Play } from '../playbook/model.js';
import { HostState } from './host-state.js';
import type { RunOptions } from './options.js';
import { PlayContext } from './play-context.js';
import { runPlay } from './run-play.js';
import { StartAt } from './select.js';
import { Stats } from './stats.js';

/** Which hosts a play runs on: its pattern, narrowed by `-l`. */
export function playHosts(play: Play, options: RunOptions): string[] {
  const hosts = options.inventory.select(play.hosts);
  if (!options.limit) return hosts;
  const allowed = new Set(options.inventory.select(options.limit));
  return hosts.filter((h) => allowed.has(h));
}

/** --role: only the plays that use the role. */
function wanted(play: Play, options: RunOptions): boolean {
  const role = options.selection.role;
  return role === undefined || play.roles.includes(role);
}

/** Runs loaded plays; returns the exit code (0, 2 a host failed, 4 a host unreachable). */
export async function runPlays(loaded: Play[], options: RunOptions): Promise<number> {
  const plays = loaded.filter((p) => wanted(p, options));
  const stats = new Stats();
  const states = new Map<string, HostState>();
  const pool = new ConnectionPool();
  const startAt = new StartAt(options.selection.startAt);
  try {
    for (const play of plays) {
      const hosts = playHosts(play, options).filter((h) => states.get(h)?.active ?? true);
      for (const h of hosts) if (!states.has(h)) states.set(h, new HostState(h));
      if (hosts.length === 0) {
        options.reporter.playStart(play.name);
        options.reporter.warn('skipping: no hosts matched');
        continue;
      }
      const ctx = new PlayContext(play, hosts, states, options, pool, stats, startAt);
      await runPlay(ctx);
      for (const state of states.values()) state.ended = false;
      if (ctx.breakRun) break;
    }
  } finally {
    await pool.closeAll();
  }
  options.reporter.recap(stats);
  return stats.exitCode();
}

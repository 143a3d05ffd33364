// Ansible's output lines: `TASK [name] ****`, `changed: [h01] => {...}`,
// `fatal: [h02]: FAILED! => {...}` and the PLAY RECAP, so people and the
// scripts that scrape Ansible's output read ours the same way.
import pc from 'picocolors';
import type { HostTaskResult } from '../engine/result.js';
import type { HostStats, Stats } from '../engine/stats.js';

export type Colors = ReturnType<typeof pc.createColors>;

const WIDTH = 80;
const NO_LOG = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

export function banner(text: string): string {
  return `${text} ${'*'.repeat(Math.max(3, WIDTH - text.length - 1))}`;
}

/** The result as shown: censored under no_log, without internal fields. */
function shownResult(r: HostTaskResult): Record<string, unknown> {
  if (r.noLog) return { censored: NO_LOG, changed: r.result.changed ?? false };
  const { diff: _shownApart, ...rest } = r.result;
  return rest;
}

/** What Ansible's callback keeps of a debug `msg` result, and what it drops from a `var` one. */
const DEBUG_MSG_KEYS = new Set(['msg', 'exception', 'warnings', 'deprecations']);
const DEBUG_VAR_HIDDEN = new Set(['changed', 'failed', 'skipped', 'invocation', 'skip_reason']);

/** debug output as Ansible prints it: indented, keys sorted; a `msg` alone (no loop item), a `var` without the flags. */
function debugJson(result: Record<string, unknown>): string {
  const keep = 'msg' in result ? (k: string) => DEBUG_MSG_KEYS.has(k) || k.startsWith('_') : (k: string) => !DEBUG_VAR_HIDDEN.has(k);
  return JSON.stringify(Object.fromEntries(Object.entries(result).filter(([k]) => keep(k))), sortedKeys, 4);
}

/** A JSON.stringify replacer that writes mappings with sorted keys at every depth, as Ansible's callback does. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function ignoring(r: HostTaskResult, line: string, c: Colors): string {
  return r.ignored ? `${line}\n${c.cyan('...ignoring')}` : line;
}

export function hostLine(r: HostTaskResult, verbosity: number, c: Colors): string {
  if (r.item !== undefined) return itemLine(r, verbosity, c);
  const json = JSON.stringify(shownResult(r));
  const host = `[${r.host}]`;
  switch (r.outcome) {
    case 'unreachable':
      return ignoring(r, c.red(`fatal: ${host}: UNREACHABLE! => ${json}`), c);
    case 'failed':
      return ignoring(r, c.red(`fatal: ${host}: FAILED! => ${json}`), c);
    case 'skipped':
      return c.cyan(verbosity > 0 ? `skipping: ${host} => ${json}` : `skipping: ${host}`);
    case 'unknown':
      return c.magenta(`unknown: ${host} => ${json}`);
    case 'changed':
    case 'ok': {
      const paint = r.outcome === 'changed' ? c.yellow : c.green;
      if (r.alwaysShow) return paint(`${r.outcome}: ${host} => ${debugJson(shownResult(r))}`);
      return paint(verbosity > 0 ? `${r.outcome}: ${host} => ${json}` : `${r.outcome}: ${host}`);
    }
  }
}

/** Ansible's exact layout: host padded to 26, then `name=%-4s` fields. */
/** One loop item, as Ansible shows it: `changed: [h01] => (item=x)`. */
function itemLine(r: HostTaskResult, verbosity: number, c: Colors): string {
  const host = `[${r.host}]`;
  const item = `(item=${r.item})`;
  const json = JSON.stringify(shownResult(r));
  if (r.outcome === 'failed') return c.red(`failed: ${host} ${item} => ${json}`);
  if (r.outcome === 'skipped') return c.cyan(`skipping: ${host} => ${item}`);
  const paint = r.outcome === 'changed' ? c.yellow : c.green;
  if (r.alwaysShow) return paint(`${r.outcome}: ${host} => ${item} => ${debugJson(shownResult(r))}`);
  return paint(verbosity > 0 ? `${r.outcome}: ${host} => ${item} => ${json}` : `${r.outcome}: ${host} => ${item}`);
}

function recapLine(host: string, s: HostStats, c: Colors): string {
  const paint = s.failed || s.unreachable ? c.red : s.changed ? c.yellow : c.green;
  const fields = (['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const).map(
    (k) => `${k}=${String(s[k]).padEnd(4)}`,
  );
  return `${paint(host.padEnd(26))} : ${fields.join(' ')}`;
}

export function recap(stats: Stats, c: Colors): string {
  const hosts = [...stats.hosts.keys()].sort();
  return [banner('PLAY RECAP'), ...hosts.map((h) => recapLine(h, stats.hosts.get(h)!, c))].join('\n');
}

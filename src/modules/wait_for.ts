// `wait_for`: waits, on the target host, for a port to open or close, a file
// to appear (optionally containing a regex) or vanish, or a port to drain.
// One round trip: the polling loop runs on the host (wait-for-script.ts).
//
// Deviations from Ansible:
// - search_regex is PCRE (`grep -P`) when the host's grep supports it, else
//   POSIX ERE, and is matched line by line; match_groups/match_groupdict are
//   computed on the controller from the matching line with a JavaScript
//   regex (Python's `(?P<name>` is accepted).
// - A port check uses bash's /dev/tcp, else `nc -z`; a host with neither
//   fails with a message saying so. A regex on a port needs bash.
// - drained counts connections from /proc/net/tcp{,6}; `host` and
//   exclude_hosts are compared as IPv4 addresses (0.0.0.0 = any local
//   address); IPv6 peers are counted but cannot be excluded.
// - `timeout` includes `delay` (as in Ansible) and is never exceeded: each
//   connect attempt is cut to the time left. Times are whole seconds.
// - Runs in check mode too (it changes nothing), as Ansible's does.
import { z } from 'zod';
import { TCP_STATE_NAMES, waitScript, type WaitSpec } from './wait-for-script.js';
import { defineModule, type ModuleResult } from './types.js';

const seconds = (dflt: number, description: string) => z.coerce.number().int().min(0).default(dflt).describe(description);

const args = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('Host to check the port on, as seen FROM THE TARGET HOST (default 127.0.0.1).'),
    port: z.coerce.number().int().min(1).max(65535).optional().describe('TCP port to wait for.'),
    path: z.string().min(1).optional().describe('File to wait for.'),
    state: z.enum(['started', 'stopped', 'present', 'absent', 'drained']).default('started')
      .describe('started/present: port open or file there; stopped/absent: port closed or file gone; drained: no active connections on the port.'),
    search_regex: z.string().optional().describe('With path: wait until the file has a line matching it. With port: until the server sends a matching line.'),
    exclude_hosts: z.union([z.array(z.string()), z.string()]).optional().describe('With drained: IPv4 peers whose connections do not count.'),
    active_connection_states: z.array(z.enum(TCP_STATE_NAMES)).default(['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT'])
      .describe('With drained: the TCP states that count as active.'),
    delay: seconds(0, 'Seconds to wait before the first check.'),
    timeout: seconds(300, 'Maximum seconds to wait in all (delay included).'),
    sleep: seconds(1, 'Seconds between checks.'),
    connect_timeout: z.coerce.number().int().min(1).default(5).describe('Seconds one connection attempt may take.'),
    msg: z.string().optional().describe('Message on timeout instead of the default one.'),
  })
  .superRefine((a, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (a.port !== undefined && a.path !== undefined) issue('port and path are mutually exclusive');
    if (a.path !== undefined && a.state === 'stopped') issue('state=stopped should only be used for checking a port in the wait_for module');
    if (a.path !== undefined && a.state === 'drained') issue('state=drained should only be used for checking a port in the wait_for module');
    if (a.state === 'drained' && a.port === undefined) issue('state=drained needs a port');
    if (a.exclude_hosts !== undefined && a.state !== 'drained') issue('exclude_hosts should only be with state=drained');
  });

type Args = z.output<typeof args>;

function spec(a: Args): WaitSpec {
  const gone = a.state === 'absent' || a.state === 'stopped';
  const state = a.state === 'drained' ? 'drained' : a.path !== undefined ? (gone ? 'absent' : 'present') : gone ? 'stopped' : 'started';
  const exclude = typeof a.exclude_hosts === 'string' ? a.exclude_hosts.split(',') : a.exclude_hosts ?? [];
  return {
    host: a.host, port: a.port, path: a.path, state, searchRegex: gone ? undefined : a.search_regex,
    delay: a.delay, timeout: a.timeout, sleep: a.sleep, connectTimeout: a.connect_timeout,
    excludeHosts: exclude.map((h) => h.trim()).filter(Boolean), activeStates: a.active_connection_states,
  };
}

/** Ansible's timeout messages. */
function timeoutMessage(s: WaitSpec): string {
  const where = s.path ?? `${s.host}:${s.port}`;
  if (s.state === 'drained') return `Timeout when waiting for ${where} to drain`;
  if (s.state === 'stopped') return `Timeout when waiting for ${where} to stop.`;
  if (s.state === 'absent') return `Timeout when waiting for ${where} to be absent.`;
  if (s.searchRegex !== undefined) return `Timeout when waiting for search string ${s.searchRegex} in ${where}`;
  return s.path !== undefined ? `Timeout when waiting for file ${s.path}` : `Timeout when waiting for ${where}`;
}

/** Groups of the match, by number and by name, from the line the host found. */
function groups(regex: string, line: string): Pick<ModuleResult, 'match_groups' | 'match_groupdict'> {
  try {
    const m = new RegExp(regex.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>')).exec(line);
    return { match_groups: m ? m.slice(1) : [], match_groupdict: { ...(m?.groups ?? {}) } };
  } catch {
    return { match_groups: [], match_groupdict: {} };
  }
}

export default defineModule({
  name: 'wait_for',
  args,
  async run(a, ctx) {
    const s = spec(a);
    const res = await ctx.run(waitScript(s));
    const [head = '', ...rest] = res.stdout.split('\n');
    const [outcome, elapsed] = head.split(' ');
    if (res.rc !== 0 || (outcome !== 'ok' && outcome !== 'timeout')) {
      return { changed: false, failed: true, msg: res.stderr.trim() || `wait_for failed on the host (rc=${res.rc})` };
    }
    const result: ModuleResult = { changed: false, elapsed: Number(elapsed), state: a.state, port: s.port, path: s.path, search_regex: s.searchRegex };
    if (outcome === 'timeout') return { ...result, failed: true, msg: a.msg ?? timeoutMessage(s) };
    return s.searchRegex === undefined ? result : { ...result, ...groups(s.searchRegex, rest.join('\n')) };
  },
});

// The uri module's request run on the target host with curl, as Ansible's uri
// runs there. Everything about the request (URL, headers, body, credentials)
// travels in a curl config on stdin (`curl -K -`), never on a command line
// where `ps` would show it. One round trip; the response comes back as
// base64 sections: curl's exit code, its write-out, the header dump, its
// error text, and the body when it is wanted.
import { ModuleError } from '../errors.js';
import type { ModuleContext } from './types.js';
import type { HttpRequest, HttpResponse } from './uri-node.js';

const WRITE_OUT = '%{http_code}\\n%{url_effective}\\n%{num_redirects}\\n%{content_type}\\n';

/** A curl config line; inside double quotes curl unescapes \\ \" \n \r \t. */
function option(name: string, value?: string): string {
  if (value === undefined) return name;
  const quoted = value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `${name} = "${quoted}"`;
}

function curlConfig(r: HttpRequest): string {
  const lines = [option('url', r.url), option('silent'), option('show-error'), option('max-time', String(r.timeoutSec))];
  lines.push(option('write-out', WRITE_OUT));
  // HEAD must be -I: with `request = HEAD` curl would wait for a body that never comes.
  if (r.method === 'HEAD') lines.push(option('head'));
  // Without an explicit request, curl does GET, or POST with data, and switches a redirected POST to GET as browsers do.
  else if (!((r.method === 'GET' && r.body === undefined) || (r.method === 'POST' && r.body !== undefined))) lines.push(option('request', r.method));
  for (const [name, value] of Object.entries(r.headers)) lines.push(option('header', `${name}: ${value}`));
  // data-raw, not data-binary: a body starting with @ must not name a file to upload.
  if (r.body !== undefined) lines.push(option('data-raw', r.body));
  if (r.username !== undefined) {
    lines.push(option('user', `${r.username}:${r.password ?? ''}`));
    // Ansible sends credentials only when challenged unless force_basic_auth; curl --anyauth does the same.
    lines.push(option(r.forceBasicAuth ? 'basic' : 'anyauth'));
  }
  if (r.follow) lines.push(option('location'), option('max-redirs', '50'));
  if (!r.validateCerts) lines.push(option('insecure'));
  return `${lines.join('\n')}\n`;
}

function script(wantBody: boolean): string {
  return [
    `command -v curl >/dev/null 2>&1 || { echo 'curl is not installed on the host: install it, or use run_on: controller' >&2; exit 3; }`,
    'd=$(mktemp -d) || exit 1',
    `trap 'rm -rf "$d"' EXIT`,
    'curl -K - -o "$d/body" -D "$d/head" >"$d/meta" 2>"$d/err"',
    'echo "rc $?"',
    `for f in meta head err${wantBody ? ' body' : ''}; do printf '%s ' "$f"; cat "$d/$f" 2>/dev/null | base64 -w0; echo; done`,
    // A JSON body comes back even without return_content, for the `json` result.
    `case "$(sed -n 4p "$d/meta")" in *json*) ${wantBody ? ':' : `printf 'body '; base64 -w0 < "$d/body"; echo`};; esac`,
  ].join('\n');
}

/** The last header block of a dump (after redirects and 100 Continue): status line and headers. */
function lastBlock(dump: string): { reason: string; headers: [string, string][] } {
  const blocks = dump.split(/\r?\n\r?\n/).filter((b) => b.startsWith('HTTP/'));
  const [statusLine = '', ...lines] = (blocks[blocks.length - 1] ?? '').split(/\r?\n/);
  const headers = lines.flatMap((l): [string, string][] => {
    const colon = l.indexOf(':');
    return colon > 0 ? [[l.slice(0, colon).trim(), l.slice(colon + 1).trim()]] : [];
  });
  return { reason: statusLine.split(' ').slice(2).join(' '), headers };
}

export async function curlRequest(ctx: ModuleContext, r: HttpRequest): Promise<HttpResponse> {
  const res = await ctx.run(script(r.wantBody), { stdin: curlConfig(r) });
  if (res.rc !== 0) throw new ModuleError(res.stderr.trim() || `running curl on the host failed (rc=${res.rc})`);
  const parts = new Map(res.stdout.split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]));
  const text = (key: string) => Buffer.from(parts.get(key) ?? '', 'base64').toString('utf8');
  const [code = '0', url = r.url, redirects = '0'] = text('meta').split('\n');
  const { reason, headers } = lastBlock(text('head'));
  const curlRc = Number(parts.get('rc'));
  return {
    // A transfer curl gave up on (refused, timed out, bad certificate) has no status: -1, as in Ansible.
    status: curlRc === 0 ? Number(code) : -1,
    reason,
    url,
    redirects: Number(redirects),
    headers,
    body: parts.has('body') ? Buffer.from(parts.get('body')!, 'base64') : undefined,
    error: curlRc === 0 ? undefined : text('err').trim() || `curl exit code ${curlRc}`,
  };
}

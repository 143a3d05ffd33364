// `uri`: one HTTP(S) request. By default it runs ON THE TARGET HOST with curl,
// as Ansible's uri runs there (so it sees what the host sees: its DNS, its
// routes, services on its 127.0.0.1); `run_on: controller` sends it from the
// machine running mosip-play instead (node:http/https, nothing needed on the
// host).
//
// Credentials (url_username/url_password, a user:password in the URL, and
// every header) go to curl in a config on stdin, never on a command line; the
// result's `url` has any password masked, and nothing else echoes them.
//
// Result as Ansible's: status, url, redirected, elapsed, msg, every response
// header as a top-level key (lowercased, `-` → `_`), json when the body parses
// as JSON (and is JSON-typed, or return_content is set), content with
// return_content. changed is always false. Fails when the status is not in
// status_code (status -1 when no response came).
//
// Deviations from Ansible:
// - Skipped in check mode (Ansible's uri does not support check mode either).
// - Not supported: dest, src, creates, removes, body_format form-multipart,
//   client_cert/client_key, ca_path, unix_socket, use_proxy (curl uses the
//   host's *_proxy variables), http_agent, force, remote_src, decompress,
//   ciphers, use_gssapi, use_netrc, unredirected_headers.
// - follow_redirects urllib2 behaves like all (curl -L / the same rules).
// - Needs curl on the host (a clear error says so) unless run_on: controller.
import { z } from 'zod';
import { boolArg } from './file-args.js';
import { defineModule, type ModuleResult } from './types.js';
import { curlRequest } from './uri-curl.js';
import { nodeRequest, type HttpRequest, type HttpResponse } from './uri-node.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const statusCodes = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : Array.isArray(v) ? v : [v]),
    z.array(z.coerce.number().int().min(-1).max(999)).min(1),
  )
  .default([200])
  .describe('The status code(s) that mean success: a number or a list (default 200).');

const args = z
  .strictObject({
    url: z.string().regex(/^https?:\/\//i, 'url must start with http:// or https://').describe('The URL, http:// or https://.'),
    method: z.string().regex(/^[A-Za-z]+$/).transform((m) => m.toUpperCase()).default('GET').describe('The HTTP method (default GET).'),
    body: z.unknown().optional().describe('The request body: a string, or a mapping/list for body_format json or form-urlencoded.'),
    body_format: z.enum(['raw', 'json', 'form-urlencoded']).default('raw')
      .describe('raw: send body as is; json: encode it as JSON (sets Content-Type); form-urlencoded: encode a mapping as a form (sets Content-Type).'),
    headers: z.record(z.string().regex(HEADER_NAME, 'not a valid header name'), z.union([z.string(), z.number(), z.boolean()]))
      .default({}).describe('Request headers, name: value.'),
    status_code: statusCodes,
    return_content: boolArg('Return the body as `content` (and `json` when it parses).').default(false),
    validate_certs: boolArg('Check the server certificate (https).').default(true),
    timeout: z.coerce.number().int().min(1).default(30).describe('Seconds the whole request may take.'),
    url_username: z.string().optional().describe('User for HTTP authentication (alias: user).'),
    user: z.string().optional().describe('Alias of url_username.'),
    url_password: z.string().optional().describe('Password for HTTP authentication (alias: password); never shown or put on a command line.'),
    password: z.string().optional().describe('Alias of url_password.'),
    force_basic_auth: boolArg('Send Basic credentials with the first request instead of waiting for a 401 challenge.').default(false),
    follow_redirects: z
      .preprocess((v) => (v === true ? 'yes' : v === false ? 'no' : v), z.enum(['all', 'safe', 'none', 'urllib2', 'yes', 'no']))
      .default('safe')
      .describe('safe: follow redirects of GET/HEAD only; all (yes, urllib2): follow all; none (no): never.'),
    run_on: z.enum(['host', 'controller']).default('host')
      .describe('host (default, as Ansible): curl on the target host; controller: from the machine running mosip-play.'),
  })
  .superRefine((a, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (a.url_username !== undefined && a.user !== undefined) issue('url_username and its alias user are both given');
    if (a.url_password !== undefined && a.password !== undefined) issue('url_password and its alias password are both given');
    for (const [name, value] of Object.entries(a.headers)) if (/[\r\n]/.test(String(value))) issue(`header ${name}: a value cannot contain a line break`);
    if (a.body_format === 'raw' && a.body !== undefined && typeof a.body === 'object' && a.body !== null) {
      issue('body must be a string with body_format raw (use json or form-urlencoded for a mapping)');
    }
  });

type Args = z.output<typeof args>;

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** The body as sent, and the Content-Type its format implies (unless the task set one). */
function encodeBody(a: Args, headers: Record<string, string>): string | undefined {
  if (a.body === undefined || a.body === null) return undefined;
  const setType = (type: string) => {
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = type;
  };
  if (a.body_format === 'json') {
    setType('application/json');
    return typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
  }
  if (a.body_format === 'form-urlencoded') {
    setType('application/x-www-form-urlencoded');
    if (typeof a.body === 'string') return a.body;
    const pairs = Array.isArray(a.body) ? (a.body as [unknown, unknown][]) : Object.entries(a.body as object);
    return new URLSearchParams(pairs.map(([k, v]): [string, string] => [String(k), String(v)])).toString();
  }
  return String(a.body);
}

function request(a: Args): HttpRequest {
  const headers = Object.fromEntries(Object.entries(a.headers).map(([k, v]) => [k, String(v)]));
  const body = encodeBody(a, headers);
  const follow = ['all', 'yes', 'urllib2'].includes(a.follow_redirects) || (a.follow_redirects === 'safe' && ['GET', 'HEAD'].includes(a.method));
  return {
    url: a.url, method: a.method, headers, body,
    username: a.url_username ?? a.user, password: a.url_password ?? a.password, forceBasicAuth: a.force_basic_auth,
    follow, validateCerts: a.validate_certs, timeoutSec: a.timeout, wantBody: a.return_content,
  };
}

function maskPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '********';
    return u.toString();
  } catch {
    return url;
  }
}

function shape(a: Args, res: HttpResponse, elapsedMs: number): ModuleResult {
  const headers = Object.fromEntries(res.headers.map(([k, v]) => [k.toLowerCase().replace(/-/g, '_'), v]));
  const content = res.body?.toString('utf8');
  let json: unknown;
  try {
    json = content === undefined || content === '' ? undefined : JSON.parse(content);
  } catch {
    json = undefined;
  }
  const result: ModuleResult = {
    ...headers,
    changed: false,
    status: res.status,
    url: maskPassword(res.url),
    redirected: res.redirects > 0,
    elapsed: Math.floor(elapsedMs / 1000),
    ...(json !== undefined ? { json } : {}),
    ...(a.return_content ? { content: content ?? '' } : {}),
  };
  if (!a.status_code.includes(res.status)) {
    const why = res.status === -1 ? `Request failed: ${res.error}` : `HTTP Error ${res.status}: ${res.reason}`.trim();
    return { ...result, failed: true, msg: `Status code was ${res.status} and not [${a.status_code.join(', ')}]: ${why}` };
  }
  return { ...result, msg: `OK (${headers.content_length ?? 'unknown'} bytes)` };
}

export default defineModule({
  name: 'uri',
  args,
  async run(a, ctx) {
    if (ctx.check) return { changed: false, skipped: true, msg: 'skipped in check mode: uri does not support check mode (a request may change the server)' };
    const req = request(a);
    const start = Date.now();
    const res = a.run_on === 'controller' ? await nodeRequest(req) : await curlRequest(ctx, req);
    return shape(a, res, Date.now() - start);
  },
});

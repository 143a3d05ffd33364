// uri against a small HTTP server this test runs on the lab bridge address
// (10.213.0.1, a free high port): from lab host h09 with curl (the default)
// and from the controller; JSON and form bodies, redirects, status codes,
// credentials that never show up on a command line or in the output, and
// check mode that sends nothing.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { execa } from 'execa';
import { recapOf, type CliRun } from '../helpers/cli.js';
import { onHost, play } from '../helpers/play.js';
import { tempTree } from '../helpers/tmp.js';

const H = 'h09';
const BRIDGE = '10.213.0.1';
const SECRET = 's3cr3t-Pa55"word';

interface Seen {
  method: string;
  path: string;
  from: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
let server: Server;
let base = '';

function respond(req: IncomingMessage, body: string): [number, Record<string, string>, string] {
  const path = req.url ?? '/';
  if (path === '/json') return [200, { 'Content-Type': 'application/json', 'X-Lab-Header': 'yes' }, '{"hello": "world", "n": [1, 2]}'];
  if (path === '/text') return [200, { 'Content-Type': 'text/plain' }, 'plain body'];
  if (path === '/redirect') return [302, { Location: '/json' }, ''];
  if (path === '/echo') return [201, { 'Content-Type': 'application/json' }, JSON.stringify({ method: req.method, type: req.headers['content-type'], body })];
  if (path.startsWith('/secret')) {
    const want = `Basic ${Buffer.from(`admin:${SECRET}`).toString('base64')}`;
    if (req.headers.authorization !== want) return [401, { 'WWW-Authenticate': 'Basic realm="lab"' }, 'who are you?'];
    // Slow on purpose: the test looks at the host's process list meanwhile.
    return [200, { 'Content-Type': 'text/plain' }, 'welcome'];
  }
  return [404, { 'Content-Type': 'text/plain' }, 'nothing here'];
}

test.before(async () => {
  await onHost(H, 'command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; } >/dev/null 2>&1');
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', path: req.url ?? '', from: req.socket.remoteAddress ?? '', headers: req.headers, body });
      const [status, headers, out] = respond(req, body);
      const delay = status === 200 && req.url === '/secret/slow' ? 3000 : 0;
      setTimeout(() => res.writeHead(status, headers).end(out), delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, BRIDGE, resolve));
  base = `http://${BRIDGE}:${(server.address() as AddressInfo).port}`;
});

test.after.always(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const playOf = (tasks: string, args: string[] = []): Promise<CliRun> =>
  play(`
- hosts: ${H}
  gather_facts: false
  tasks:
${tasks}
`, args);

const since = (n: number) => seen.slice(n);

test.serial('GET from the host with curl: status, parsed json, headers; from the controller with run_on', async (t) => {
  const n = seen.length;
  const run = await playOf(`
    - uri: {url: "${base}/json"}
      register: r
    - assert:
        that: ['r.status == 200', 'r.json.hello == "world"', 'r.json.n == [1, 2]', 'r.x_lab_header == "yes"',
               'r.content_type == "application/json"', '!r.changed', '!has(r.content)', 'r.msg.startsWith("OK (")']
    - uri: {url: "${base}/text", return_content: true, run_on: controller}
      register: c
    - assert: {that: ['c.status == 200', 'c.content == "plain body"', '!has(c.json)']}`);
  t.is(run.code, 0, run.stdout);
  t.like(recapOf(run.stdout, H), { ok: 4, changed: 0 });
  t.deepEqual(since(n).map((s) => [s.path, s.from]), [['/json', '10.213.0.19'], ['/text', BRIDGE]], 'the default request came from the host');
});

test.serial('POST bodies: json from a mapping, form-urlencoded; status_code list', async (t) => {
  const n = seen.length;
  const run = await playOf(`
    - uri:
        url: "${base}/echo"
        method: POST
        body_format: json
        body: {name: "mosip", "n": 3}
        status_code: [200, 201]
      register: j
    - uri:
        url: "${base}/echo"
        method: put
        body_format: form-urlencoded
        body: {a: "1 2", b: "x&y"}
        status_code: 201
        return_content: yes
      register: f
    - assert: {that: ['j.status == 201', 'j.json.type == "application/json"', 'f.json.method == "PUT"', 'has(f.content)']}`);
  t.is(run.code, 0, run.stdout);
  const [json, form] = since(n);
  t.deepEqual(JSON.parse(json!.body), { name: 'mosip', n: 3 });
  t.is(form!.method, 'PUT');
  t.is(form!.body, 'a=1+2&b=x%26y');
  t.is(form!.headers['content-type'], 'application/x-www-form-urlencoded');
});

for (const where of ['host', 'controller']) {
  test.serial(`redirects: followed for GET by default, not with follow_redirects none; a 404 fails with Ansible's message (run_on ${where})`, async (t) => {
    const run = await playOf(`
    - uri: {url: "${base}/redirect", run_on: ${where}}
      register: a
    - uri: {url: "${base}/redirect", follow_redirects: none, status_code: 302, run_on: ${where}}
      register: b
    - uri: {url: "${base}/secret/fast", url_username: admin, url_password: ${JSON.stringify(SECRET)}, run_on: ${where}}
    - assert: {that: ['a.status == 200', 'a.redirected', 'a.url.endsWith("/json")', 'b.status == 302', 'b.location.endsWith("/json")']}
    - uri: {url: "${base}/missing", run_on: ${where}}`);
    t.is(run.code, 2, run.stdout);
    t.like(recapOf(run.stdout, H), { ok: 4, failed: 1 });
    t.regex(run.stdout, /FAILED! => .*"msg":"Status code was 404 and not \[200\]: HTTP Error 404: Not Found"/);
  });
}

test.serial('credentials reach the server but never a command line on the host or the output', async (t) => {
  const n = seen.length;
  const runP = playOf(`
    - uri: {url: "${base}/secret/slow", url_username: admin, url_password: ${JSON.stringify(SECRET)}, return_content: true}
      register: r
    - assert: {that: ['r.content == "welcome"']}`, ['-v']);
  // While the server holds the answer, look at every process on the host.
  let ps = '';
  for (let i = 0; i < 40 && !ps.includes('curl -K -'); i++) ps = await onHost(H, 'ps -eo args');
  const run = await runP;
  t.true(ps.includes('curl -K -'), 'the process list was read while curl ran');
  t.is(run.code, 0, run.stdout);
  t.true(since(n).some((s) => s.path === '/secret/slow' && s.headers.authorization !== undefined), 'sent after the 401 challenge');
  t.is(since(n)[0]!.headers.authorization, undefined, 'not sent before the server asked (force_basic_auth is off)');
  t.false(ps.includes('s3cr3t'), ps);
  t.false(run.stdout.includes('s3cr3t'));
});

test.serial('a refused connection is status -1; check mode sends nothing', async (t) => {
  const refused = await playOf(`    - uri: {url: "http://${BRIDGE}:1/", timeout: 5}`);
  t.is(refused.code, 2);
  t.regex(refused.stdout, /"status":-1.*"msg":"Status code was -1 and not \[200\]: Request failed: curl: \(7\) Failed to connect/);

  const n = seen.length;
  const check = await playOf(`    - uri: {url: "${base}/echo", method: POST, body: "x"}`, ['--check']);
  t.is(check.code, 0, check.stdout);
  t.like(recapOf(check.stdout, H), { skipped: 1, changed: 0 });
  t.is(since(n).length, 0);
});

test.serial('https with a self-signed certificate: refused unless validate_certs is false, on the host and from the controller', async (t) => {
  const dir = tempTree({});
  await execa('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=lab', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`]);
  const tls = createTlsServer({ key: readFileSync(`${dir}/key.pem`), cert: readFileSync(`${dir}/cert.pem`) }, (_req, res) => res.end('{"tls": true}'));
  await new Promise<void>((resolve) => tls.listen(0, BRIDGE, resolve));
  const url = `https://${BRIDGE}:${(tls.address() as AddressInfo).port}/`;
  try {
    const run = await playOf(['host', 'controller'].map((where) => `
    - uri: {url: "${url}", run_on: ${where}}
      ignore_errors: true
      register: strict_${where}
    - uri: {url: "${url}", validate_certs: false, return_content: true, run_on: ${where}}
      register: lax_${where}
    - assert: {that: ['strict_${where}.status == -1', 'lax_${where}.status == 200', 'lax_${where}.json.tls']}`).join(''));
    t.is(run.code, 0, run.stdout);
    t.like(recapOf(run.stdout, H), { ignored: 2, failed: 0 });
    t.regex(run.stdout, /Request failed: curl: \(60\) SSL certificate problem: self-signed certificate/);
    t.regex(run.stdout, /Request failed: self-signed certificate/);
  } finally {
    tls.close();
  }
});

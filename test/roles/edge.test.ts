// The edge phase (playbooks/40-edge.yml: roles nginx_lb + tls_certs) on the
// lab: h12 is mosip_nginx, h13 obs_nginx. python3 http.server backends on
// h14/h15 (mosip_cluster) and h16 (obs_cluster) stand in for the ingress
// NodePorts; each page names its host and port. Requests go from this
// machine to the lab addresses only (curl --resolve keeps names off DNS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { mosipPlay, recapOf } from '../helpers/cli.js';
import { labHost } from '../helpers/lab.js';
import { fingerprint, onHost } from '../helpers/play.js';

const edge = (...args: string[]) => mosipPlay(['playbooks/40-edge.yml', '-i', 'inventory/lab', ...args]);

const MOSIP = labHost('h12').address;
const OBS = labHost('h13').address;
const MOSIP_NODES = ['h14', 'h15'];
const OBS_NODES = ['h16'];
// nodeports in inventory/lab/group_vars/all/lab.yml
const MOSIP_PORTS = { public: 30080, internal: 31080, minio: 30900, postgres: 31432, activemq: 31616 };
const OBS_PORT = 30080;
const DOMAIN = 'sandbox.lab.test';
const OBS_DOMAIN = 'org.lab.test';
const CRT = `/etc/nginx/ssl/${DOMAIN}.crt`;
const KEY = `/etc/nginx/ssl/${DOMAIN}.key`;
const OWNED = ['/etc/nginx/nginx.conf', '/etc/nginx/nginx.conf.orig', '/etc/nginx/ssl', CRT, KEY];

const unit = (port: number) => `edge-test-np-${port}`;

/** python3 http.server units on `host`, one per port, each page naming host and port. */
async function startBackends(host: string, ports: number[]): Promise<void> {
  const ip = labHost(host).address;
  const one = (port: number) => {
    const dir = `/run/edge-test/${port}`;
    return `mkdir -p ${dir}/v1/packetcreator
     echo 'backend ${host} port ${port}' > ${dir}/index.html
     echo 'packetcreator ${host} port ${port}' > ${dir}/v1/packetcreator/index.html
     systemctl stop ${unit(port)} 2>/dev/null || true; systemctl reset-failed ${unit(port)} 2>/dev/null || true
     systemd-run --quiet --unit=${unit(port)} --property=WorkingDirectory=${dir} python3 -m http.server ${port} --bind ${ip}`;
  };
  const listening = ports.map((p) => `ss -ltn | grep -q '${ip}:${p} '`).join(' && ');
  await onHost(host, `set -e\n${ports.map(one).join('\n')}\nfor i in $(seq 50); do if ${listening}; then exit 0; fi; sleep 0.1; done; exit 1`);
}

async function stopBackends(host: string, ports: number[]): Promise<void> {
  await onHost(host, `systemctl stop ${ports.map(unit).join(' ')} 2>/dev/null; rm -rf /run/edge-test; true`);
}

/** What curl prints (the backend's page), or why it failed. */
async function curl(...args: string[]): Promise<string> {
  const r = await execa('curl', ['-sS', '--max-time', '5', ...args], { reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : `curl exit ${r.exitCode}: ${String(r.stderr).trim()}`;
}
const https = (name: string, ip: string, path = '/', port = 443) =>
  curl('-k', '--resolve', `${name}:${port}:${ip}`, `https://${name}:${port}${path}`);

/** The SAN extension and sha256 fingerprint of the certificate nginx presents for `name` on ip:443 ('' when none). */
async function presented(ip: string, name: string): Promise<{ san: string; fingerprint: string }> {
  const hello = await execa('openssl', ['s_client', '-connect', `${ip}:443`, '-servername', name], { input: '', reject: false });
  const x509 = (args: string[]) => execa('openssl', ['x509', '-noout', ...args], { input: String(hello.stdout), reject: false });
  const [san, fp] = await Promise.all([x509(['-ext', 'subjectAltName']), x509(['-fingerprint', '-sha256'])]);
  return { san: String(san.stdout), fingerprint: String(fp.stdout).split('=')[1]?.trim() ?? '' };
}

/**
 * `systemctl reload nginx` returns once the signal is sent; the master then
 * opens new sockets and starts new workers. Ask again for up to 5 s.
 */
async function settled<T>(ask: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await ask();
  for (let i = 0; i < 50 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await ask();
  }
  return v;
}

const state = (host: string) => onHost(host, 'systemctl is-active nginx || true');

// A host as before the first run: no nginx, no /etc/nginx (openssl stays: other packages need it).
const RESET = [
  'systemctl stop nginx 2>/dev/null',
  'DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=120 -y purge nginx nginx-common libnginx-mod-stream >/dev/null 2>&1',
  'rm -rf /etc/nginx',
  '! dpkg -s nginx >/dev/null 2>&1',
].join('; ');

test.before(async () => {
  await Promise.all([
    onHost('h12', RESET),
    onHost('h13', RESET),
    ...MOSIP_NODES.map((h) => startBackends(h, Object.values(MOSIP_PORTS))),
    ...OBS_NODES.map((h) => startBackends(h, [OBS_PORT])),
  ]);
});

test.after.always(async () => {
  await Promise.all([
    ...MOSIP_NODES.map((h) => stopBackends(h, Object.values(MOSIP_PORTS))),
    ...OBS_NODES.map((h) => stopBackends(h, [OBS_PORT])),
  ]);
});

test.serial('--check on hosts without nginx reports the work and changes nothing', async (t) => {
  const before = await Promise.all([fingerprint('h12', OWNED), fingerprint('h13', ['/etc/nginx'])]);
  const r = await edge('-l', 'h12,h13', '--check');
  t.is(r.code, 0, r.stdout);
  t.true(recapOf(r.stdout, 'h12').changed! > 0);
  t.true(recapOf(r.stdout, 'h13').changed! > 0);
  t.regex(r.stdout, /nginx would be installed first/);
  t.deepEqual(await Promise.all([fingerprint('h12', OWNED), fingerprint('h13', ['/etc/nginx'])]), before);
  t.is(await onHost('h12', 'dpkg -s nginx >/dev/null 2>&1 && echo installed || echo absent'), 'absent');
});

test.serial('first run: certificates, nginx with the stream module, nginx.conf for each profile', async (t) => {
  const r = await edge('-l', 'h12,h13');
  t.is(r.code, 0, r.stdout);
  for (const h of ['h12', 'h13']) t.like(recapOf(r.stdout, h), { failed: 0 });
  t.true(recapOf(r.stdout, 'h12').changed! >= 5, r.stdout);
  t.regex(await onHost('h12', `stat -c '%a %U' ${KEY} ${CRT}`), /^600 root\n644 root$/);
  t.regex(await onHost('h13', `stat -c '%a' /etc/nginx/ssl/${OBS_DOMAIN}.key`), /^600$/);
  t.is(await onHost('h12', 'systemctl is-enabled nginx; systemctl is-active nginx'), 'enabled\nactive');
  // The distribution's file is kept, and ours is the one in use.
  t.regex(await onHost('h12', 'cat /etc/nginx/nginx.conf.orig'), /include \/etc\/nginx\/sites-enabled/);
  const conf = await onHost('h12', 'cat /etc/nginx/nginx.conf');
  t.regex(conf, /Managed by mosip-play/);
  t.regex(conf, new RegExp(`server ${labHost('h14').address}:${MOSIP_PORTS.public};\\s+server ${labHost('h15').address}:${MOSIP_PORTS.public};`));
  t.notRegex(conf, /load_module/, 'the stream module comes from modules-enabled, not a load_module path');
  t.regex(await onHost('h12', 'ls /etc/nginx/modules-enabled'), /50-mod-stream\.conf/);
});

test.serial('mosip nginx: public names round-robin over both nodes, internal server, MinIO, stream ports', async (t) => {
  await settled(() => https(`api.${DOMAIN}`, MOSIP), (page) => page.startsWith('backend'));
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) seen.add(await https(`api.${DOMAIN}`, MOSIP));
  t.deepEqual([...seen].sort(), ['backend h14 port 30080', 'backend h15 port 30080']);
  t.regex(await https(`api-internal.${DOMAIN}`, MOSIP), /^backend h1[45] port 31080$/);
  t.regex(await https(`admin.${DOMAIN}`, MOSIP), /^backend h1[45] port 31080$/, 'non-public names go to the internal server');
  t.regex(await https(`api-internal.${DOMAIN}`, MOSIP, '/v1/packetcreator/'), /^packetcreator h1[45] port 31080$/);
  t.regex(await https(`minio.${DOMAIN}`, MOSIP, '/', 9000), /^backend h1[45] port 30900$/);
  t.regex(await curl(`http://${MOSIP}:5432/`), /^backend h1[45] port 31432$/, 'postgres stream 5432 -> 31432');
  t.regex(await curl(`http://${MOSIP}:61616/`), /^backend h1[45] port 31616$/, 'activemq stream 61616 -> 31616');
  const cert = await presented(MOSIP, `api.${DOMAIN}`);
  t.regex(cert.san, new RegExp(`DNS:\\*\\.${DOMAIN.replaceAll('.', '\\.')}, DNS:${DOMAIN.replaceAll('.', '\\.')}`));
});

test.serial('observation nginx: one https server to the obs cluster, its own certificate', async (t) => {
  t.is(await settled(() => https(`rancher.${OBS_DOMAIN}`, OBS), (page) => page.startsWith('backend')), 'backend h16 port 30080');
  t.is(await https(`keycloak.${OBS_DOMAIN}`, OBS), 'backend h16 port 30080');
  t.regex((await presented(OBS, `rancher.${OBS_DOMAIN}`)).san, /DNS:\*\.org\.lab\.test, DNS:org\.lab\.test/);
  t.regex(await curl('--max-time', '2', `http://${OBS}:5432/`), /^curl exit/, 'no stream ports on the observation profile');
});

test.serial('second run changes nothing', async (t) => {
  const r = await edge('-l', 'h12,h13');
  t.is(r.code, 0, r.stdout);
  t.like(recapOf(r.stdout, 'h12'), { changed: 0, failed: 0 });
  t.like(recapOf(r.stdout, 'h13'), { changed: 0, failed: 0 });
});

test.serial('a configuration nginx -t rejects never replaces the working one', async (t) => {
  const before = await fingerprint('h12', OWNED);
  const r = await edge('-l', 'h12', '-e', 'nginx_worker_connections=many');
  t.is(r.code, 2, r.stdout);
  t.regex(r.stdout, /invalid number \\"many\\" in \/etc\/nginx\/\.mosip-play\.\w+:\d+/, 'nginx -t ran on the temp file beside nginx.conf');
  t.deepEqual(await fingerprint('h12', OWNED), before);
  t.is(await onHost('h12', 'ls -A /etc/nginx | grep -c mosip-play || true'), '0', 'the temp file is gone');
  t.is(await state('h12'), 'active');
});

test.serial('a certificate that misses a served name fails with the name, before nginx is touched', async (t) => {
  const before = await fingerprint('h12', OWNED);
  const r = await edge('-l', 'h12', '-e', JSON.stringify({ tls_extra_names: ['api.other.test', `a.b.${DOMAIN}`] }));
  t.is(r.code, 2, r.stdout);
  t.regex(r.stdout, new RegExp(`does not cover api\\.other\\.test, a\\.b\\.sandbox\\.lab\\.test`));
  t.notRegex(r.stdout, /TASK \[nginx_lb : nginx.conf\]/);
  t.deepEqual(await fingerprint('h12', OWNED), before);
});

test.serial('provided certificates: a wrong key fails on the console; a good pair is copied and served', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'edge-tls-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const req = (name: string, key: string, crt: string) =>
    execa('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '400', '-subj', `/CN=${name}`,
      '-addext', `subjectAltName=DNS:*.${name},DNS:${name}`, '-keyout', join(dir, key), '-out', join(dir, crt)]);
  await req(OBS_DOMAIN, 'good.key', 'good.crt');
  await req(OBS_DOMAIN, 'other.key', 'other.crt');
  const provided = (crt: string, key: string) =>
    edge('-l', 'h13', '-e', JSON.stringify({ tls_mode: 'provided', tls_cert_src: join(dir, crt), tls_key_src: join(dir, key) }));
  const paths = ['/etc/nginx/nginx.conf', `/etc/nginx/ssl/${OBS_DOMAIN}.crt`, `/etc/nginx/ssl/${OBS_DOMAIN}.key`];

  const before = await fingerprint('h13', paths);
  const wrong = await provided('good.crt', 'other.key');
  t.is(wrong.code, 2, wrong.stdout);
  t.regex(wrong.stdout, /TLS \(console\): the private key \S+other\.key does not belong to the certificate/);
  t.deepEqual(await fingerprint('h13', paths), before);

  const good = await provided('good.crt', 'good.key');
  t.is(good.code, 0, good.stdout);
  t.regex(good.stdout, /RUNNING HANDLER \[nginx_lb : reload nginx\]/, 'a new certificate changes nginx.conf and reloads nginx');
  const want = await execa('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', join(dir, 'good.crt')]);
  const wanted = String(want.stdout).split('=')[1]!.trim();
  const served = await settled(() => presented(OBS, `rancher.${OBS_DOMAIN}`), (c) => c.fingerprint === wanted);
  t.is(served.fingerprint, wanted);
  t.is(await onHost('h13', `stat -c '%a' /etc/nginx/ssl/${OBS_DOMAIN}.key`), '600');
});

test.serial('broken host: --check reports the repair and leaves it; --role nginx_lb -l h12 repairs only h12', async (t) => {
  await onHost('h12', 'rm /etc/nginx/nginx.conf && systemctl stop nginx');
  const broken = await fingerprint('h12', OWNED);

  const check = await edge('-l', 'h12,h13', '--check');
  t.is(check.code, 0, check.stdout);
  t.true(recapOf(check.stdout, 'h12').changed! >= 2, check.stdout);
  t.like(recapOf(check.stdout, 'h13'), { changed: 0 });
  t.deepEqual(await fingerprint('h12', OWNED), broken);
  t.is(await state('h12'), 'inactive');

  const repair = await edge('--role', 'nginx_lb', '-l', 'h12');
  t.is(repair.code, 0, repair.stdout);
  t.true(recapOf(repair.stdout, 'h12').changed! >= 2, repair.stdout);
  t.throws(() => recapOf(repair.stdout, 'h13'), undefined, 'h13 is not touched');
  t.is(await state('h12'), 'active');
  t.regex(await onHost('h12', 'cat /etc/nginx/nginx.conf.orig'), /sites-enabled/, 'the original is still the distribution file');
  t.regex(await settled(() => https(`api.${DOMAIN}`, MOSIP), (page) => page.startsWith('backend')), /^backend h1[45] port 30080$/);
});

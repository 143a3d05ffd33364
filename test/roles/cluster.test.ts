// The cluster phase (playbooks/30-cluster.yml: roles rke2 and rke1_cluster)
// through the real CLI on lab hosts h14 (mosip primary), h15 (mosip agent)
// and h16 (obs primary), with a fresh state_dir per test run (-e state_dir).
// The lab has no RKE2 or rke binary and no internet (inventory/lab sets
// rke2_install: false): the rendered files, the join token and the guards run
// for real; the installer and `rke up` are checked by the exact call they get,
// through stand-ins that ONLY record their arguments
// (test/fixtures/roles/rke2/installer/install.sh, test/fixtures/roles/rke1_cluster/rke).
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { REPO, mosipPlay, recapOf, type CliRun } from '../helpers/cli.js';
import { fingerprint, onHost } from '../helpers/play.js';

const NODES = ['h14', 'h15', 'h16'];
const FIX = join(REPO, 'test/fixtures/roles');
const CONFIG = '/etc/rancher/rke2/config.yaml';
const OWNED = ['/etc/rancher', '/etc/rancher/rke2', CONFIG];
const STATE = join(mkdtempSync(join(tmpdir(), 'cluster-test-')), 'state');
const TOKEN_RE = /^token: (.*)$/m;

const cluster = (...args: string[]): Promise<CliRun> =>
  mosipPlay(['playbooks/30-cluster.yml', '-i', 'inventory/lab', '-e', `state_dir=${STATE}`, ...args]);
const rke2 = (...args: string[]): Promise<CliRun> => cluster('-l', NODES.join(':'), ...args);
const onH15 = (...args: string[]): Promise<CliRun> => cluster('-l', 'h15', ...args);
const explain = (r: CliRun): string => `${r.stdout}\n${r.stderr}`;

/** YAML content lines: comments and blank lines dropped, the token normalised. */
const content = (text: string): string =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
    .join('\n')
    .replace(TOKEN_RE, 'token: <TOKEN>')
    .replaceAll(REPO, '<repo>');
const fixture = (path: string): string => content(readFileSync(join(FIX, path), 'utf8'));
const nodeToken = async (h: string): Promise<string> => TOKEN_RE.exec(await onHost(h, `cat ${CONFIG}`))?.[1] ?? '';
const stateToken = (cluster: string): string => readFileSync(join(STATE, 'rke2', `${cluster}.token`), 'utf8').trim();
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
const fingerprints = (): Promise<string[]> => Promise.all(NODES.map((h) => fingerprint(h, OWNED)));

const RESET = 'rm -rf /etc/rancher /var/tmp/rke2-install /root/rke2-installer-call /usr/local/bin/rke2';

test.before(async () => {
  await Promise.all(NODES.map((h) => onHost(h, RESET)));
});

test.after.always(async () => {
  await Promise.all(NODES.map((h) => onHost(h, RESET)));
  rmSync(join(STATE, '..'), { recursive: true, force: true });
});

test.serial('rke2 --check on fresh nodes reports the work and changes nothing, not even the console state', async (t) => {
  const before = await fingerprints();
  const r = await rke2('--check');
  t.is(r.code, 0, explain(r));
  for (const h of NODES) t.true(recapOf(r.stdout, h).changed! > 0, `${h}\n${r.stdout}`);
  t.regex(r.stdout, /\/etc\/rancher\/rke2 would be created, then \/etc\/rancher\/rke2\/config\.yaml written/);
  t.deepEqual(await fingerprints(), before);
  t.false(existsSync(STATE), 'no token generated in check mode');
});

test.serial('rke2 first run: config.yaml per role from one template, one token per cluster kept 0600 on the console', async (t) => {
  const r = await rke2();
  t.is(r.code, 0, explain(r));
  for (const h of NODES) t.like(recapOf(r.stdout, h), { failed: 0 });
  t.regex(r.stdout, /rke2_install is false: \/etc\/rancher\/rke2\/config\.yaml and the join token are in place, but RKE2 v1\.28\.9\+rke2r1 is neither installed nor started/);
  for (const h of NODES) {
    t.is(content(await onHost(h, `cat ${CONFIG}`)), fixture(`rke2/${h}.config.yaml`), h);
    t.is(await onHost(h, `stat -c '%a %U %G' ${CONFIG}`), '600 root root', h);
  }
  const mosip = stateToken('mosip');
  const obs = stateToken('obs');
  t.regex(mosip, /^[0-9a-f]{48}$/);
  t.regex(obs, /^[0-9a-f]{48}$/);
  t.not(mosip, obs, 'each cluster has its own token');
  t.is(await nodeToken('h14'), mosip);
  t.is(await nodeToken('h15'), mosip, 'the agent joins with its primary token');
  t.is(await nodeToken('h16'), obs);
  for (const f of ['rke2/mosip.token', 'rke2/obs.token']) t.is(mode(join(STATE, f)), '600', f);
  for (const d of ['', 'rke2', 'kubeconfig']) t.is(mode(join(STATE, d)), '700', d || 'state_dir');
  t.false(explain(r).includes(mosip) || explain(r).includes(obs), 'the token never shows in the output');
});

test.serial('rke2 second run keeps the same token and changes nothing', async (t) => {
  const before = { mosip: stateToken('mosip'), obs: stateToken('obs'), h15: await nodeToken('h15'), h16: await nodeToken('h16') };
  const r = await rke2();
  t.is(r.code, 0, explain(r));
  for (const h of NODES) t.like(recapOf(r.stdout, h), { changed: 0, failed: 0 }, `${h}\n${r.stdout}`);
  t.deepEqual({ mosip: stateToken('mosip'), obs: stateToken('obs'), h15: await nodeToken('h15'), h16: await nodeToken('h16') }, before);
});

test.serial('rke2 --check from a changed state touches nothing; the next run repairs only those nodes', async (t) => {
  await onHost('h15', `echo 'node-label: [edited]' >> ${CONFIG}`);
  await onHost('h16', `rm ${CONFIG}`);
  const before = await fingerprints();
  const check = await rke2('--check', '--diff');
  t.is(check.code, 0, explain(check));
  t.like(recapOf(check.stdout, 'h14'), { changed: 0 });
  t.like(recapOf(check.stdout, 'h15'), { changed: 1 });
  t.like(recapOf(check.stdout, 'h16'), { changed: 1 });
  t.regex(check.stdout, /^-node-label: \[edited\]$/m, 'the diff shows the local edit going away');
  t.false(check.stdout.includes(stateToken('obs')), 'the diff masks the token');
  t.deepEqual(await fingerprints(), before);

  const r = await rke2();
  t.is(r.code, 0, explain(r));
  t.like(recapOf(r.stdout, 'h14'), { changed: 0 });
  t.like(recapOf(r.stdout, 'h15'), { changed: 1 });
  t.like(recapOf(r.stdout, 'h16'), { changed: 1 });
  t.is(content(await onHost('h15', `cat ${CONFIG}`)), fixture('rke2/h15.config.yaml'));
  t.is(await nodeToken('h16'), stateToken('obs'), 'the rewritten file has the kept token');
});

test.serial("rke2 kubeconfig: the primary's rke2.yaml is copied 0600 to the console with its address and the cluster's name", async (t) => {
  await onHost('h14', 'umask 077; cat > /etc/rancher/rke2/rke2.yaml', readFileSync(join(FIX, 'rke2/rke2.yaml'), 'utf8'));
  t.teardown(() => onHost('h14', 'rm -f /etc/rancher/rke2/rke2.yaml'));
  const r = await rke2();
  t.is(r.code, 0, explain(r));
  t.like(recapOf(r.stdout, 'h14'), { changed: 1 });
  const kubeconfig = join(STATE, 'kubeconfig/mosip.yaml');
  t.is(content(readFileSync(kubeconfig, 'utf8')), fixture('rke2/mosip.kubeconfig.yaml'));
  t.is(mode(kubeconfig), '600');
  t.regex(r.stdout, /\/etc\/rancher\/rke2\/rke2\.yaml is not on h16 \(RKE2 has not run there\)/);
  t.false(existsSync(join(STATE, 'kubeconfig/obs.yaml')));
  t.false(r.stdout.includes('TEFCIFNUQU5ELUlOOiBOT1QgQSBSRUFMIEtFWQo='), 'the client key is not printed');
  const again = await rke2();
  t.like(recapOf(again.stdout, 'h14'), { changed: 0, failed: 0 });
});

test.serial('rke2 refuses to make a new token when the console lost it but the nodes have one', async (t) => {
  const file = join(STATE, 'rke2/mosip.token');
  renameSync(file, `${file}.saved`);
  t.teardown(() => renameSync(`${file}.saved`, file));
  const before = await fingerprints();
  const r = await rke2();
  t.is(r.code, 2, explain(r));
  t.regex(r.stdout, /mosip\.token is missing on the console, but \/etc\/rancher\/rke2\/config\.yaml on h1[45] already has a token: generating a new one would break the mosip cluster/);
  t.false(existsSync(file), 'no new token');
  t.deepEqual(await fingerprints(), before);
});

test.serial("rke2 refuses a console token that is not the nodes' token", async (t) => {
  const file = join(STATE, 'rke2/obs.token');
  const kept = readFileSync(file, 'utf8');
  writeFileSync(file, `${'0'.repeat(48)}\n`);
  t.teardown(() => writeFileSync(file, kept));
  const before = await fingerprints();
  const r = await rke2();
  t.is(r.code, 2, explain(r));
  t.regex(r.stdout, /config\.yaml on h16 has a different token than \S+obs\.token on the console/);
  t.deepEqual(await fingerprints(), before);
});

const INSTALLER_CALL = '/root/rke2-installer-call';

test.serial('rke2 installer, offline: the artifacts are uploaded and install.sh runs with the pinned version', async (t) => {
  t.teardown(() => onHost('h15', RESET.replace('/etc/rancher ', '')));
  const r = await onH15('-e', 'rke2_install=true', '-e', `rke2_artifact_dir=${join(FIX, 'rke2/installer')}`, '-v');
  t.is(r.code, 2, explain(r));
  t.regex(r.stdout, /\/usr\/local\/bin\/rke2 is missing; installing v1\.28\.9\+rke2r1 \(offline/);
  t.regex(r.stdout, /"cmd":\s*\[\s*"sh",\s*"\/var\/tmp\/rke2-install\/install\.sh"\s*\]/);
  t.is(
    await onHost('h15', `cat ${INSTALLER_CALL}`),
    [
      'argv: /var/tmp/rke2-install/install.sh ',
      'INSTALL_RKE2_ARTIFACT_PATH=/var/tmp/rke2-install',
      'INSTALL_RKE2_TYPE=agent',
      'INSTALL_RKE2_VERSION=v1.28.9+rke2r1',
    ].join('\n'),
  );
  t.is(await onHost('h15', "stat -c '%a %U' /var/tmp/rke2-install /var/tmp/rke2-install/install.sh"), '700 root\n600 root');
  // The stand-in installs nothing: the role's own check catches that.
  t.regex(r.stdout, /The RKE2 installer ran on h15, but `\/usr\/local\/bin\/rke2 --version` then fails .*not v1\.28\.9\+rke2r1/);
});

test.serial('rke2 installer, online: install.sh is downloaded on the node and run with the pinned version', async (t) => {
  t.teardown(() => onHost('h15', RESET.replace('/etc/rancher ', '')));
  const script = readFileSync(join(FIX, 'rke2/installer/install.sh'));
  const server = createServer((req, res) => res.writeHead(req.url === '/install.sh' ? 200 : 404).end(req.url === '/install.sh' ? script : ''));
  await new Promise<void>((ok) => server.listen(0, '10.213.0.1', ok));
  t.teardown(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://10.213.0.1:${(server.address() as AddressInfo).port}/install.sh`;
  const r = await onH15('-e', 'rke2_install=true', '-e', `rke2_install_url=${url}`);
  t.is(r.code, 2, explain(r));
  t.regex(r.stdout, new RegExp(`rke2 is missing; installing v1\\.28\\.9\\+rke2r1 \\(${url.replaceAll('.', '\\.')}\\)`));
  t.is(
    await onHost('h15', `cat ${INSTALLER_CALL}`),
    ['argv: /var/tmp/rke2-install/install.sh ', 'INSTALL_RKE2_TYPE=agent', 'INSTALL_RKE2_VERSION=v1.28.9+rke2r1'].join('\n'),
  );
  t.is(await onHost('h15', 'cmp /var/tmp/rke2-install/install.sh - && echo same', script.toString()), 'same');
});

test.serial('rke2 installer: an installed rke2_version is not installed again', async (t) => {
  t.teardown(() => onHost('h15', RESET.replace('/etc/rancher ', '')));
  // A stand-in binary answering --version as RKE2 v1.28.9+rke2r1 does.
  await onHost('h15', `printf '#!/bin/sh\\necho "rke2 version v1.28.9+rke2r1 (stand-in)"\\necho "go version go1.21"\\n' > /usr/local/bin/rke2; chmod 755 /usr/local/bin/rke2`);
  const r = await onH15('-e', 'rke2_install=true', '--check');
  t.is(r.code, 2, explain(r));
  t.regex(r.stdout, /TASK \[rke2 : RKE2 to install\][^\n]*\nskipping: \[h15\]/);
  t.regex(r.stdout, /TASK \[rke2 : Run the RKE2 installer\][^\n]*\nskipping: \[h15\]/);
  t.false(await onHost('h15', `test -e ${INSTALLER_CALL} && echo called || echo no`).then((s) => s === 'called'));
  // Straight to starting the agent, which this lab host does not have.
  t.regex(r.stdout, /Could not find the requested service rke2-agent/);
});

// RKE1: the same inventory groups, rendered on the console.
const RKE1 = join(STATE, 'rke1');
const FAKE_BIN = join(FIX, 'rke1_cluster');
const ARGV_LOG = join(STATE, '..', 'rke-argv.log');
const rke1 = (env: Record<string, string> = {}, ...args: string[]): Promise<CliRun> =>
  mosipPlay(['playbooks/30-cluster.yml', '-i', 'inventory/lab', '-l', 'console', '-e', `state_dir=${STATE}`, '-e', 'k8s_distribution=rke1', ...args], env);
const withFakeRke = { PATH: `${FAKE_BIN}:${process.env.PATH ?? ''}`, RKE_ARGV_LOG: ARGV_LOG };
const rkeCalls = (): string[] => (existsSync(ARGV_LOG) ? readFileSync(ARGV_LOG, 'utf8').trim().split('\n').filter(Boolean) : []);
const tree = (): string =>
  ['obs', 'mosip']
    .flatMap((c) => ['cluster.yml', 'cluster.yml.applied', 'cluster.rkestate', 'kube_config_cluster.yml'].map((f) => join(RKE1, c, f)))
    .map((p) => (existsSync(p) ? `${p} ${mode(p)} ${readFileSync(p, 'utf8').length}` : `${p} absent`))
    .join('\n');

test.serial('rke1: cluster.yml for each cluster from the inventory, then a clear failure without rke', async (t) => {
  const r = await rke1();
  t.is(r.code, 2, explain(r));
  t.regex(r.stdout, /rke not found on the console: install rke v1\.5\.7/);
  for (const c of ['mosip', 'obs']) {
    t.is(content(readFileSync(join(RKE1, c, 'cluster.yml'), 'utf8')), fixture(`rke1_cluster/${c}.cluster.yml`), c);
    t.is(mode(join(RKE1, c, 'cluster.yml')), '600');
    t.is(mode(join(RKE1, c)), '700');
  }
  t.false(existsSync(join(RKE1, 'mosip/cluster.rkestate')));
});

test.serial('rke1: --check never runs rke up, and writes nothing on a fresh console either', async (t) => {
  const before = tree();
  const r = await rke1(withFakeRke, '--check');
  t.is(r.code, 0, explain(r));
  t.deepEqual(rkeCalls(), []);
  t.is(tree(), before);

  const fresh = join(STATE, '..', 'fresh-state');
  const f = await rke1(withFakeRke, '--check', '-e', `state_dir=${fresh}`);
  t.is(f.code, 0, explain(f));
  t.regex(f.stdout, /fresh-state\/rke1\/mosip would be created and cluster\.yml rendered in it, then rke up run/);
  t.false(existsSync(fresh));
  t.deepEqual(rkeCalls(), []);
});

test.serial('rke1: rke up --config cluster.yml in each cluster directory, only until it has succeeded on the rendered file', async (t) => {
  const r = await rke1(withFakeRke);
  t.is(r.code, 0, explain(r));
  t.deepEqual(rkeCalls(), [`${RKE1}/obs|up --config cluster.yml`, `${RKE1}/mosip|up --config cluster.yml`]);
  for (const c of ['obs', 'mosip']) t.is(readFileSync(join(RKE1, c, 'cluster.yml.applied'), 'utf8'), readFileSync(join(RKE1, c, 'cluster.yml'), 'utf8'));

  // What a real rke up leaves beside cluster.yml (the stand-in writes nothing), with rke's modes.
  for (const c of ['obs', 'mosip']) writeFileSync(join(RKE1, c, 'cluster.rkestate'), '{"desiredState":{}}\n', { mode: 0o640 });
  writeFileSync(join(RKE1, 'mosip/kube_config_cluster.yml'), 'apiVersion: v1\nkind: Config\n', { mode: 0o640 });
  chmodSync(join(RKE1, 'mosip/kube_config_cluster.yml'), 0o640);
  const settle = await rke1(withFakeRke);
  t.is(settle.code, 0, explain(settle));
  t.is(rkeCalls().length, 2, 'nothing changed since the last rke up: not run');
  t.is(mode(join(RKE1, 'mosip/cluster.rkestate')), '600');
  t.is(mode(join(RKE1, 'mosip/kube_config_cluster.yml')), '600');
  t.is(readFileSync(join(STATE, 'kubeconfig/mosip.yaml'), 'utf8'), 'apiVersion: v1\nkind: Config\n');
  t.is(mode(join(STATE, 'kubeconfig/mosip.yaml')), '600');

  const again = await rke1(withFakeRke);
  t.like(recapOf(again.stdout, 'console'), { changed: 0, failed: 0 });
  t.is(rkeCalls().length, 2);

  const retention = await rke1(withFakeRke, '-e', 'rke1_etcd_backup_retention=7');
  t.is(retention.code, 0, explain(retention));
  t.regex(readFileSync(join(RKE1, 'obs/cluster.yml'), 'utf8'), /^ {6}retention: 7$/m);
  t.is(rkeCalls().length, 4, 'a changed cluster.yml runs rke up again for both clusters');
});

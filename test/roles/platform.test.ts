// The hand-off phases (playbooks/60-platform, 70-external, 80-modules) on the
// console (this machine, `console` in the lab inventory; no lab host). There
// is no Kubernetes cluster here, so:
// - with the lab inventory as it is (k8s_apply: false) the roles render every
//   helm values file and manifest into the state directory and print the
//   commands: the files are compared with test/fixtures/roles/<role>/ and
//   checked structurally (and decoded by kubectl, offline, when it is here);
// - with k8s_apply: true, STAND-INS for helm and kubectl
//   (test/fixtures/roles/k8s_common/fake-bin, first in PATH) record every
//   argv in order and answer like the tools (helm status, "unchanged"...).
//   They only check argv, order and the roles' decisions; nothing is
//   installed anywhere.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import test from 'ava';
import { loadAll, load as loadYaml } from 'js-yaml';
import { REPO, mosipPlay, recapOf } from '../helpers/cli.js';
import { labHost } from '../helpers/lab.js';

const FIXTURES = resolve(REPO, 'test/fixtures/roles');
const FAKE_BIN = resolve(FIXTURES, 'k8s_common/fake-bin');
const ROLES = ['k8s_global_configmap', 'k8s_monitoring', 'k8s_istio', 'k8s_storage', 'k8s_logging', 'mosip_external', 'mosip_modules'];
const PHASES = ['60-platform', '70-external', '80-modules'];

const lab = loadYaml(readFileSync(resolve(REPO, 'inventory/lab/group_vars/all/lab.yml'), 'utf8')) as Record<string, string>;
const versions = loadYaml(readFileSync(resolve(REPO, 'inventory/lab/group_vars/all/versions.yml'), 'utf8')) as { charts: Record<string, string> };

interface Env {
  state: string;
  log: string;
  fake: string;
  kubeconfig: string;
}

const made: string[] = [];
test.after.always(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function freshEnv(): Env {
  const dir = mkdtempSync(join(tmpdir(), 'platform-test-'));
  made.push(dir);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, 'stand-in: the fake tools never read it\n');
  return { state: join(dir, 'state'), log: join(dir, 'argv.jsonl'), fake: join(dir, 'fake-state'), kubeconfig };
}

/** Run one phase playbook on the console with the stand-ins first in PATH. */
function phase(pb: string, env: Env, ...args: string[]) {
  return mosipPlay(
    [`playbooks/${pb}.yml`, '-i', 'inventory/lab', '-e', `state_dir=${env.state}`, '-e', `k8s_kubeconfig=${env.kubeconfig}`, ...args],
    { PATH: `${FAKE_BIN}:${process.env.PATH}`, FAKE_K8S_LOG: env.log, FAKE_K8S_STATE: env.fake },
  );
}

/** The recorded calls, argv joined by spaces, the state directory written $STATE. */
function calls(env: Env): string[] {
  if (!existsSync(env.log)) return [];
  return readFileSync(env.log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { argv: string[] }).argv.join(' ').replaceAll(env.state, '$STATE'));
}
const mutating = (c: string[]) => c.filter((l) => !/^helm status /.test(l));

function files(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(root, join(d.parentPath, d.name)))
    .sort();
}
/** Every rendered file with its mode and content: a fingerprint of the state directory. */
function snapshot(state: string): Record<string, string> {
  return Object.fromEntries(files(state).map((f) => [f, `${(statSync(join(state, f)).mode & 0o777).toString(8)} ${readFileSync(join(state, f), 'utf8')}`]));
}
/** The fixtures of every role, by path under the state directory (values/x.yaml, manifests/y.yaml). */
function expected(): Record<string, string> {
  const all: Record<string, string> = {};
  for (const role of ROLES) {
    for (const f of files(join(FIXTURES, role)).filter((f) => /^(values|manifests)\//.test(f))) {
      all[f] = readFileSync(join(FIXTURES, role, f), 'utf8');
    }
  }
  return all;
}
const indexOf = (c: string[], re: RegExp) => {
  const i = c.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`no call matches ${re}`);
  return i;
};

test('lab inventory (k8s_apply false): every file rendered as the fixtures, commands printed, helm/kubectl never run', async (t) => {
  const env = freshEnv();
  const check = await phase('60-platform', env, '--check');
  t.is(check.code, 0, check.stdout);
  t.false(existsSync(env.state), '--check on a fresh console writes nothing');
  const outputs: string[] = [];
  for (const pb of PHASES) {
    const r = await phase(pb, env);
    t.is(r.code, 0, r.stdout);
    t.like(recapOf(r.stdout, 'console'), { failed: 0 });
    t.regex(r.stdout, /k8s_apply is false: printed, not run/);
    outputs.push(r.stdout);
  }
  t.deepEqual(calls(env), [], 'no helm/kubectl call at all');
  t.regex(outputs[0]!, /"helm upgrade --install istiod istiod --repo https:\/\/istio-release\.storage\.googleapis\.com\/charts --version 1\.22\.0 -n istio-system/);

  // The files are the fixtures, exactly, and nothing else.
  const rendered = Object.fromEntries(files(env.state).map((f) => [f, readFileSync(join(env.state, f), 'utf8')]));
  t.deepEqual(Object.keys(rendered), Object.keys(expected()).sort());
  for (const [f, text] of Object.entries(expected())) t.is(rendered[f], text, f);

  // Private where it holds secrets.
  t.is((statSync(env.state).mode & 0o777).toString(8), '700');
  for (const d of ['values', 'manifests']) t.is((statSync(join(env.state, d)).mode & 0o777).toString(8), '700');
  for (const f of ['values/postgres.yaml', 'values/keycloak.yaml', 'values/keycloak-init.yaml', 'values/minio.yaml', 'manifests/s3.yaml', 'manifests/captcha.yaml', 'manifests/msg-gateway.yaml']) {
    t.is((statSync(join(env.state, f)).mode & 0o777).toString(8), '600', f);
  }

  // The NFS server and share of the storage class come from the inventory.
  const nfs = (loadYaml(rendered['values/csi-driver-nfs.yaml']!) as { storageClass: { parameters: Record<string, string> } }).storageClass.parameters;
  t.is(nfs.server, labHost('h14').address, 'the first host of [nfs] in inventory/lab');
  t.is(nfs.share, `${lab.nfs_export_root}/${lab.installation_name}`);
  // The gateways' NodePorts are the inventory's.
  const internal = loadYaml(rendered['values/istio-ingressgateway-internal.yaml']!) as { service: { ports: { name: string; nodePort: number }[] } };
  const nodeports = lab.nodeports as unknown as Record<string, number>;
  t.deepEqual(Object.fromEntries(internal.service.ports.map((p) => [p.name, p.nodePort])), {
    'status-port': 31521, http2: nodeports.internal, activemq: nodeports.activemq, postgres: nodeports.postgres, minio: nodeports.minio,
  });

  // Every manifest: well-formed objects of known kinds; Secret data base64; ConfigMap data strings.
  const apiVersions: Record<string, string> = {
    ConfigMap: 'v1', Secret: 'v1', Gateway: 'networking.istio.io/v1beta1', VirtualService: 'networking.istio.io/v1beta1',
    AuthorizationPolicy: 'security.istio.io/v1beta1', PodMonitor: 'monitoring.coreos.com/v1', ServiceMonitor: 'monitoring.coreos.com/v1',
    ClusterOutput: 'logging.banzaicloud.io/v1beta1', ClusterFlow: 'logging.banzaicloud.io/v1beta1',
  };
  const kubectl = (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  for (const f of Object.keys(rendered).filter((f) => f.startsWith('manifests/'))) {
    const docs = loadAll(rendered[f]!).filter(Boolean) as { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; data?: Record<string, unknown>; stringData?: unknown }[];
    t.true(docs.length > 0, f);
    for (const d of docs) {
      t.is(d.apiVersion, apiVersions[d.kind] ?? `(unexpected kind ${d.kind})`, `${f}: ${d.kind}`);
      t.regex(d.metadata.name, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, f);
      t.regex(d.metadata.namespace, /^[a-z0-9-]+$/, `${f}: namespaced`);
      if (d.kind === 'Secret') for (const v of Object.values(d.data ?? {})) t.regex(String(v), /^[A-Za-z0-9+/]*={0,2}$/, `${f}: base64`);
      if (d.kind === 'ConfigMap') for (const v of Object.values(d.data ?? {})) t.is(typeof v, 'string', `${f}: ConfigMap data are strings`);
    }
    if (kubectl) {
      // Offline, kubectl can decode a file (apply --dry-run=client cannot: it needs the API server's discovery).
      const names = execFileSync('kubectl', ['label', '--local', '-f', join(env.state, f), 'mosip-play/test=decoded', '-o', 'name'], {
        env: { ...process.env, KUBECONFIG: '/nonexistent' },
      }).toString().trim().split('\n');
      t.deepEqual(names.map((n) => n.split('/')[1]), docs.map((d) => d.metadata.name), `kubectl decodes ${f}`);
    }
  }
  if (!kubectl) t.log('kubectl not installed: manifests were checked by parsing only');

  // The global ConfigMap, with every host from the domain map (lab: *.sandbox.lab.test).
  const global = loadYaml(rendered['manifests/global-configmap.yaml']!) as { data: Record<string, string> };
  t.is(global.data['installation-name'], lab.installation_name);
  t.is(global.data['mosip-api-internal-host'], `api-internal.${lab.installation_domain}`);
  t.true(Object.entries(global.data).filter(([k]) => k.endsWith('-host')).every(([, v]) => v.endsWith(`.${lab.installation_domain}`)));
});

// One state directory for the chain below, as a real console keeps it.
const env = freshEnv();

test.serial('k8s_apply true, stand-in helm/kubectl: the exact argv sequence, in the required order', async (t) => {
  for (const pb of PHASES) {
    const r = await phase(pb, env, '-e', 'k8s_apply=true');
    t.is(r.code, 0, r.stdout);
    t.true(recapOf(r.stdout, 'console').changed! > 0);
  }
  const c = calls(env);
  const want = readFileSync(join(FIXTURES, 'k8s_common/argv-first-run.txt'), 'utf8').trim().split('\n');
  t.deepEqual(c, want);

  // mosip-content.md §1: global ConfigMap -> monitoring CRDs -> Istio -> storage class -> monitoring -> logging.
  const m = mutating(c);
  t.regex(m[0]!, /^kubectl apply -f \$STATE\/manifests\/global-configmap\.yaml$/, 'the global ConfigMap first');
  const crd = indexOf(m, /^helm upgrade --install rancher-monitoring-crd /);
  const istio = indexOf(m, /^helm upgrade --install istio-base /);
  const podMonitor = indexOf(m, /^kubectl apply -f \$STATE\/manifests\/istio-monitoring\.yaml$/);
  const storage = indexOf(m, /^helm upgrade --install csi-driver-nfs /);
  const monitoring = indexOf(m, /^helm upgrade --install rancher-monitoring rancher-monitoring /);
  const loggingCrd = indexOf(m, /^helm upgrade --install rancher-logging-crd /);
  const flows = [indexOf(m, /logging-clusteroutput\.yaml$/), indexOf(m, /logging-clusterflow\.yaml$/)];
  t.true(crd < istio && istio < podMonitor && podMonitor < storage && storage < monitoring && monitoring < loggingCrd);
  t.true(flows.every((i) => i > loggingCrd), 'ClusterOutput/ClusterFlow after the logging CRDs');
  t.regex(m[storage + 1]!, /^kubectl patch storageclass nfs-csi --type merge -p .*"storageclass.kubernetes.io\/is-default-class":"true"/);

  // §2.10's order of the external components, the gateways first.
  const external = ['kubectl apply -f $STATE/manifests/istio-gateways.yaml', 'postgres postgresql', 'postgres-init ', 'keycloak keycloak', 'keycloak-init ', 'softhsm-kernel ', 'softhsm-ida ', 'minio minio', 's3.yaml', 'clamav ', 'activemq ', 'kafka kafka', 'kafka-ui ', 'msg-gateway.yaml', 'landing-page ', 'captcha.yaml'];
  const at = external.map((s) => m.findIndex((l) => l.includes(s) && (l.startsWith('kubectl apply -f $STATE') || l.startsWith('helm upgrade --install'))));
  t.false(at.includes(-1), JSON.stringify(at));
  t.deepEqual([...at].sort((a, b) => a - b), at, 'external components in order');
  t.true(at[0]! > flows[1]!, 'external components after the platform');

  // §2.11: the modules' releases in the order of roles/mosip_modules/defaults/main.yml, after the external ones.
  const data = loadYaml(readFileSync(resolve(REPO, 'roles/mosip_modules/defaults/main.yml'), 'utf8')) as { mosip_modules: { name: string; steps: { kind: string; release?: string }[] }[] };
  const releases = data.mosip_modules.flatMap((mod) => mod.steps.filter((s) => s.kind === 'helm').map((s) => s.release!));
  const installed = m.filter((l) => l.startsWith('helm upgrade --install ')).map((l) => l.split(' ')[3]!);
  const wanted = releases.filter((r) => installed.includes(r));
  t.deepEqual(installed.slice(installed.indexOf('conf-secrets')), wanted, 'every enabled module release, in the data order');
  t.true(releases.filter((r) => !wanted.includes(r)).every((r) => ['pmp-revamp-ui', 'restart-cron'].includes(r)), 'only the optional ones left out');
  // config-server copies every external secret before it starts.
  const configServer = indexOf(m, /^helm upgrade --install config-server /);
  for (const s of ['db-common-secrets', 'keycloak-client-secrets', 'softhsm-kernel', 's3', 'msg-gateway', 'mosip-captcha']) {
    t.true(indexOf(m, new RegExp(`^kubectl -n \\S+ get secret ${s} -o jsonpath=\\{\\.data\\}$`)) < configServer, s);
  }

  // Every helm call: upgrade --install, pinned version, namespace created, rendered values file.
  for (const l of m.filter((l) => l.startsWith('helm '))) {
    t.regex(l, /^helm upgrade --install (\S+) \S+ --repo https:\/\/\S+ --version \S+ -n \S+ --create-namespace -f \$STATE\/values\/\1\.yaml( --wait)?( --wait-for-jobs)?( --timeout \d+m)?$/, l);
  }
  const pinned: [string, string][] = [['postgres', 'postgres'], ['keycloak', 'keycloak'], ['csi-driver-nfs', 'csi_driver_nfs'], ['elasticsearch', 'elasticsearch'], ['rancher-logging', 'rancher_logging']];
  for (const [release, chart] of pinned) {
    t.regex(m.find((l) => l.startsWith(`helm upgrade --install ${release} `))!, new RegExp(` --version ${versions.charts[chart]!.replace(/[.+]/g, '\\$&')} `), release);
  }
  // Every kubectl call is idempotent or read-only.
  for (const l of m.filter((l) => l.startsWith('kubectl '))) {
    t.regex(l, /^kubectl (apply -f \S+|create namespace \S+ --dry-run=client -o yaml|label namespace \S+ \S+=\S+ --overwrite|-n \S+ get (configmap|secret) \S+ -o jsonpath=\{\.data\}|patch storageclass \S+ --type merge -p .*|-n cattle-logging-system exec elasticsearch-master-0 -- curl .*)$/, l);
  }
});

test.serial('second run: no helm upgrade, every file unchanged, changed=0', async (t) => {
  const before = snapshot(env.state);
  rmSync(env.log);
  for (const pb of PHASES) {
    const r = await phase(pb, env, '-e', 'k8s_apply=true');
    t.is(r.code, 0, r.stdout);
    t.like(recapOf(r.stdout, 'console'), { changed: 0, failed: 0 });
  }
  t.deepEqual(snapshot(env.state), before);
  const c = calls(env);
  t.false(c.some((l) => /^helm (upgrade|install|uninstall)/.test(l)), 'no release touched');
  t.true(c.filter((l) => l.startsWith('helm status ')).length > 50, 'every release looked up');
});

test.serial('--check from a changed state writes nothing and calls helm only to read', async (t) => {
  const before = snapshot(env.state);
  rmSync(env.log);
  const r = await phase('70-external', env, '-e', 'k8s_apply=true', '-e', 'kafka_replicas=3', '--check');
  t.is(r.code, 0, r.stdout);
  t.true(recapOf(r.stdout, 'console').changed! >= 1, 'the kafka values file would change');
  t.regex(r.stdout, /would run, in this order/);
  t.deepEqual(snapshot(env.state), before);
  t.true(calls(env).every((l) => l.startsWith('helm status ')), calls(env).join('\n'));
});

test.serial('a changed value upgrades its release only; `once` releases wait for force_reinit', async (t) => {
  rmSync(env.log);
  const changed = await phase('70-external', env, '-e', 'k8s_apply=true', '-e', 'kafka_replicas=3', '-e', 'postgres_init_branch=develop');
  t.is(changed.code, 0, changed.stdout);
  t.deepEqual(mutating(calls(env)).filter((l) => l.startsWith('helm ')).map((l) => l.split(' ')[3]), ['kafka'], 'postgres-init (once) not re-run');
  t.regex(readFileSync(join(env.state, 'values/postgres-init.yaml'), 'utf8'), /branch: develop/, 'its values file is rendered all the same');

  rmSync(env.log);
  const reinit = await phase('70-external', env, '-e', 'k8s_apply=true', '-e', 'kafka_replicas=3', '-e', 'force_reinit=true');
  t.is(reinit.code, 0, reinit.stdout);
  t.deepEqual(mutating(calls(env)).filter((l) => l.startsWith('helm ')).map((l) => l.split(' ').slice(0, 3).join(' ')), [
    'helm uninstall postgres-init', 'helm upgrade --install', 'helm uninstall keycloak-init', 'helm upgrade --install',
    'helm uninstall softhsm-kernel', 'helm upgrade --install', 'helm uninstall softhsm-ida', 'helm upgrade --install',
  ]);
  t.regex(mutating(calls(env)).find((l) => l.startsWith('helm uninstall postgres-init'))!, /^helm uninstall postgres-init -n postgres --wait --ignore-not-found$/);

  rmSync(env.log);
  const noTypos = await phase('70-external', env, '-e', 'k8s_apply=true', '-e', 'force_reinit=maybe');
  t.is(noTypos.code, 2, 'force_reinit must be a boolean word');
  t.false(calls(env).some((l) => l.startsWith('helm uninstall')));
});

test('a missing secret stops the run before any change, naming the variable and where it belongs', async (t) => {
  const env = freshEnv();
  const r = await phase('70-external', env, '-e', 'k8s_apply=true', '-e', '{"postgres_password": "", "captcha_admin_secret_key": ""}');
  t.is(r.code, 2, r.stdout);
  t.regex(r.stdout, /- postgres_password \(needed for postgres\): inventory\/<env>\/group_vars\/all\/secrets\.yml/);
  t.regex(r.stdout, /- captcha_admin_secret_key \(needed for captcha_enabled\): inventory\/<env>\/group_vars\/all\/secrets\.yml/);
  t.false(existsSync(env.state), 'nothing written');
  t.deepEqual(calls(env), []);

  // Without captcha, its keys are not needed.
  const without = await phase('70-external', env, '-e', '{"captcha_enabled": false, "captcha_admin_secret_key": ""}');
  t.is(without.code, 0, without.stdout);
  t.false(existsSync(join(env.state, 'manifests/captcha.yaml')));
});

test('no kubeconfig: k8s_apply true stops before anything is written or run', async (t) => {
  const env = freshEnv();
  const r = await phase('60-platform', env, '-e', 'k8s_apply=true', '-e', `k8s_kubeconfig=${env.kubeconfig}.missing`);
  t.is(r.code, 2, r.stdout);
  t.regex(r.stdout, /kubeconfig\.missing does not exist: run playbooks\/30-cluster\.yml/);
  t.false(existsSync(env.state), 'nothing written');
  t.deepEqual(calls(env), []);
});

test('monitoring off: its CRDs are still installed, before Istio; the stack itself is not', async (t) => {
  const env = freshEnv();
  const r = await phase('60-platform', env, '-e', 'k8s_apply=true', '-e', 'monitoring_enabled=false', '-e', 'logging_enabled=false');
  t.is(r.code, 0, r.stdout);
  const installed = mutating(calls(env)).filter((l) => l.startsWith('helm ')).map((l) => l.split(' ')[3]);
  t.deepEqual(installed, ['rancher-monitoring-crd', 'istio-base', 'istiod', 'istio-ingressgateway', 'istio-ingressgateway-internal', 'csi-driver-nfs']);
  t.regex(r.stdout, /monitoring_enabled is false: only the monitoring CRDs are installed/);
});

// The wireguard phase (playbooks/20-wireguard.yml, role wireguard) on the lab:
// h11 is the bastion; h15 (a k8s agent with no wireguard role) plays an
// operator: the test installs the operator configuration the role wrote on
// the console as its /etc/wireguard/wg0.conf and brings the tunnel up.
// Keys and operator files go to a temporary state_dir, so every run starts
// from nothing and the lab's own state directory is not touched.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { mosipPlay, recapOf, type CliRun } from '../helpers/cli.js';
import { labHost } from '../helpers/lab.js';
import { fingerprint, onHost } from '../helpers/play.js';

const STATE = mkdtempSync(join(tmpdir(), 'mosip-play-wg-state-'));
const WG = join(STATE, 'wireguard');
const PEERS = join(WG, 'peers');
// inventory/lab/group_vars/all/lab.yml
const WG_PORT = 51820;
const SERVER = '10.13.13.1';
const OP1 = { name: 'operator1', address: '10.13.13.2' };
const OP2 = { name: 'operator2', address: '10.13.13.3' };
const BASTION = labHost('h11').address;
const THIRD = labHost('h16').address;

const phase = (...args: string[]): Promise<CliRun> =>
  mosipPlay(['playbooks/20-wireguard.yml', '-i', 'inventory/lab', '-l', 'h11', '-e', JSON.stringify({ state_dir: STATE }), ...args]);
const twoPeers = ['-e', JSON.stringify({ wg_peers: [OP1, OP2] })];
const explain = (r: CliRun): string => `${r.stdout}\n${r.stderr}`;

/** What the role owns on the bastion, and what the test installs on the operator host. */
const WG_FILES = ['/etc/wireguard', '/etc/wireguard/wg0.conf'];

/** Every file and directory under the state directory: path, mode and sha256. */
function stateFingerprint(): string {
  if (!existsSync(STATE)) return 'absent';
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      out.push(`${p} ${(st.mode & 0o7777).toString(8)} ${st.isDirectory() ? 'dir' : sha256(readFileSync(p))}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(STATE);
  return out.join('\n');
}
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8);
const read = (p: string): string => readFileSync(p, 'utf8');

/** Every private key in the state directory (none may appear in any output). */
const privateKeys = (): string[] =>
  existsSync(WG) ? readdirSync(WG).filter((f) => f.endsWith('.key')).map((f) => read(join(WG, f)).trim()) : [];

/** Until `wg show wg0 latest-handshakes` on `host` has a non-zero time (10 s at most). */
async function handshake(host: string): Promise<number> {
  const out = await onHost(
    host,
    'for i in $(seq 100); do t=$(wg show wg0 latest-handshakes | awk \'{print $2}\' | sort -n | tail -1); [ "${t:-0}" != 0 ] && break; sleep 0.1; done; echo "${t:-0}"',
  );
  return Number(out.trim());
}

const wireguardGoPid = async (): Promise<string> => (await onHost('h11', 'pgrep -x wireguard-go || true')).trim();

test.before(async () => {
  // The console generates the keys: wireguard-tools must be there (a fresh CI machine has none).
  const wg = await execa('sh', ['-c', 'command -v wg'], { reject: false });
  if (wg.exitCode !== 0) {
    const apt = await execa('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wireguard-tools || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wireguard-tools; }'], { reject: false });
    if (apt.exitCode !== 0) throw new Error(`could not install wireguard-tools on this machine:\n${apt.stdout}\n${apt.stderr}`);
  }
  rmSync(STATE, { recursive: true, force: true });
  await Promise.all([
    // h11 as before the first run: no wireguard at all.
    onHost(
      'h11',
      'systemctl disable --now wg-quick@wg0 >/dev/null 2>&1; rm -rf /etc/wireguard; ' +
        'DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=120 -y purge wireguard-tools wireguard-go >/dev/null 2>&1; ' +
        '! dpkg -s wireguard-tools >/dev/null 2>&1',
    ),
    // h15, the operator: the tools and ping, no tunnel yet (through the lab's apt proxy).
    onHost(
      'h15',
      'systemctl disable --now wg-quick@wg0 >/dev/null 2>&1; rm -f /etc/wireguard/wg0.conf; ' +
        'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 wireguard-tools wireguard-go iputils-ping >/dev/null',
    ),
  ]);
});

test.after.always(async () => {
  await onHost('h15', `systemctl disable --now wg-quick@wg0 >/dev/null 2>&1; ip route del ${THIRD}/32 dev wg0 2>/dev/null; rm -f /etc/wireguard/wg0.conf; true`);
  rmSync(STATE, { recursive: true, force: true });
});

test.serial('--check on a fresh bastion and an empty state directory changes nothing', async (t) => {
  const before = await fingerprint('h11', WG_FILES);
  const r = await phase('--check', '--diff', '-v');
  t.is(r.code, 0, explain(r));
  t.like(recapOf(r.stdout, 'h11'), { failed: 0 });
  t.true(recapOf(r.stdout, 'h11').changed! > 0);
  t.regex(r.stdout, /would generate a key pair in .*bastion\.key/);
  t.regex(r.stdout, /Key pairs to generate: bastion peer-operator1\./);
  t.regex(r.stdout, /wireguard-tools would be installed first/);
  t.is(await fingerprint('h11', WG_FILES), before);
  t.is(await onHost('h11', 'dpkg -s wireguard-tools >/dev/null 2>&1 && echo installed || echo absent'), 'absent');
  t.is(stateFingerprint(), 'absent');
});

test.serial('first run: keys on the console, wg0.conf on the bastion, the operator file, wg-quick@wg0 up', async (t) => {
  const r = await phase('--diff', '-v');
  t.is(r.code, 0, explain(r));
  t.like(recapOf(r.stdout, 'h11'), { failed: 0 });
  // Console: keys 0600 in 0700 directories; no private key in the output (--diff -v shows everything else).
  t.is(mode(STATE), '700');
  t.is(mode(WG), '700');
  t.is(mode(PEERS), '700');
  for (const f of ['bastion.key', 'bastion.pub', 'peer-operator1.key', 'peer-operator1.pub']) t.is(mode(join(WG, f)), '600', f);
  const keys = privateKeys();
  t.is(keys.length, 2);
  for (const k of keys) t.false(r.stdout.includes(k) || r.stderr.includes(k), 'a private key was printed');
  t.regex(r.stdout, /PrivateKey = \*{8}/);
  // Each .pub is the public key of its .key.
  for (const name of ['bastion', 'peer-operator1']) {
    const pub = await execa('wg', ['pubkey'], { input: read(join(WG, `${name}.key`)) });
    t.is(String(pub.stdout).trim(), read(join(WG, `${name}.pub`)).trim());
  }
  // The bastion.
  t.is(await onHost('h11', 'stat -c "%a %U" /etc/wireguard /etc/wireguard/wg0.conf'), '700 root\n600 root');
  const conf = await onHost('h11', 'cat /etc/wireguard/wg0.conf');
  t.regex(conf, new RegExp(`^Address = ${SERVER}/24$`, 'm'));
  t.regex(conf, new RegExp(`^ListenPort = ${WG_PORT}$`, 'm'));
  t.true(conf.includes(`PrivateKey = ${read(join(WG, 'bastion.key')).trim()}`));
  t.true(conf.includes(`[Peer]\n# operator operator1\nPublicKey = ${read(join(WG, 'peer-operator1.pub')).trim()}\nAllowedIPs = ${OP1.address}/32`), conf);
  t.regex(conf, /^PostUp = .*iptables -w -t nat -A POSTROUTING -s 10\.13\.13\.0\/24 ! -o %i -j MASQUERADE$/m, 'wg_forward: true in the lab inventory');
  t.is(await onHost('h11', 'systemctl is-enabled wg-quick@wg0; systemctl is-active wg-quick@wg0'), 'enabled\nactive');
  t.not(await wireguardGoPid(), '', 'the lab kernel has no WireGuard: wg-quick fell back to wireguard-go');
  t.is(await onHost('h11', 'wg show wg0 listen-port'), String(WG_PORT));
  // The operator's file, on the console.
  const op1 = join(PEERS, 'operator1.conf');
  t.is(mode(op1), '600');
  const peer = read(op1);
  t.regex(peer, new RegExp(`^Address = ${OP1.address}/24$`, 'm'));
  t.true(peer.includes(`PrivateKey = ${read(join(WG, 'peer-operator1.key')).trim()}`));
  t.true(peer.includes(`PublicKey = ${read(join(WG, 'bastion.pub')).trim()}`));
  t.regex(peer, new RegExp(`^Endpoint = ${BASTION.replaceAll('.', '\\.')}:${WG_PORT}$`, 'm'), 'no public_ip in the lab: ansible_host');
  t.regex(peer, /^AllowedIPs = 10\.213\.0\.0\/24, 10\.13\.13\.0\/24$/m, 'private_cidr and wg_network from the inventory');
  t.regex(peer, /^PersistentKeepalive = 25$/m);
});

test.serial('second run: changed=0', async (t) => {
  const r = await phase();
  t.is(r.code, 0, explain(r));
  t.like(recapOf(r.stdout, 'h11'), { changed: 0, failed: 0 });
});

test.serial('a hand-edited wg0.conf: --check shows the diff and changes nothing, the run restores it with a reload', async (t) => {
  await onHost('h11', `sed -i 's#^AllowedIPs = ${OP1.address}/32#AllowedIPs = 10.13.13.0/24#' /etc/wireguard/wg0.conf`);
  const before = await fingerprint('h11', WG_FILES);
  const state = stateFingerprint();
  const check = await phase('--check', '--diff');
  t.is(check.code, 0, explain(check));
  t.is(recapOf(check.stdout, 'h11').changed, 2, `the file and its reload\n${check.stdout}`);
  t.regex(check.stdout, new RegExp(`^-AllowedIPs = 10\\.13\\.13\\.0/24\\n\\+AllowedIPs = ${OP1.address.replaceAll('.', '\\.')}/32$`, 'm'));
  t.is(await fingerprint('h11', WG_FILES), before);
  t.is(stateFingerprint(), state);
  const r = await phase();
  t.is(r.code, 0, explain(r));
  t.regex(r.stdout, /RUNNING HANDLER \[wireguard : reload wireguard\][^\n]*\nchanged: \[h11\]/);
  t.regex(await onHost('h11', 'cat /etc/wireguard/wg0.conf'), new RegExp(`^AllowedIPs = ${OP1.address}/32$`, 'm'));
});

test.serial('the operator file brings up a tunnel: handshake both sides, ping both ways, the private network through the bastion', async (t) => {
  // h15 is inside private_cidr itself: routing it into the tunnel would cut
  // its own network (and the endpoint). Table = off keeps its routes; the
  // tunnel network is still reachable through the /24 Address.
  const conf = read(join(PEERS, 'operator1.conf')).replace(/^(PrivateKey = .*)$/m, '$1\nTable = off');
  await onHost('h15', 'umask 077; mkdir -p /etc/wireguard; cat > /etc/wireguard/wg0.conf; systemctl enable --now wg-quick@wg0 2>&1', conf);
  t.true((await handshake('h15')) > 0, 'no handshake on h15');
  t.true((await handshake('h11')) > 0, 'no handshake on h11');
  t.regex(await onHost('h15', `ping -c 2 -W 2 ${SERVER}`), / 0% packet loss/);
  await onHost('h11', 'command -v ping >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 iputils-ping >/dev/null');
  t.regex(await onHost('h11', `ping -c 2 -W 2 ${OP1.address}`), / 0% packet loss/);
  // A third host (h16) through the tunnel: forwarded and masqueraded by h11, one hop (ttl 63).
  const via = await onHost('h15', `ip route add ${THIRD}/32 dev wg0 && ping -c 2 -W 2 ${THIRD}; rc=$?; ip route del ${THIRD}/32 dev wg0; exit $rc`);
  t.regex(via, / 0% packet loss/);
  t.regex(via, /ttl=63/);
});

test.serial('adding a second operator: --check changes nothing, then only the new files appear and the tunnel stays up', async (t) => {
  const op1Files = ['peers/operator1.conf', 'peer-operator1.key', 'peer-operator1.pub', 'bastion.key', 'bastion.pub'];
  const op1Before = op1Files.map((f) => sha256(readFileSync(join(WG, f))));
  const pid = await wireguardGoPid();

  const state = stateFingerprint();
  const hosts = await Promise.all([fingerprint('h11', WG_FILES), fingerprint('h15', WG_FILES)]);
  const check = await phase('--check', '--diff', '-v', ...twoPeers);
  t.is(check.code, 0, explain(check));
  t.like(recapOf(check.stdout, 'h11'), { failed: 0 });
  t.regex(check.stdout, /would generate a key pair in .*peer-operator2\.key/);
  t.regex(check.stdout, /Key pairs to generate: peer-operator2\. \/etc\/wireguard\/wg0\.conf and the configurations of the new operators would then be written/);
  t.is(stateFingerprint(), state);
  t.deepEqual(await Promise.all([fingerprint('h11', WG_FILES), fingerprint('h15', WG_FILES)]), hosts);

  const r = await phase(...twoPeers);
  t.is(r.code, 0, explain(r));
  t.like(recapOf(r.stdout, 'h11'), { failed: 0 });
  t.deepEqual(op1Files.map((f) => sha256(readFileSync(join(WG, f)))), op1Before, "operator1's file and every existing key are byte-for-byte unchanged");
  t.is(mode(join(PEERS, 'operator2.conf')), '600');
  t.regex(read(join(PEERS, 'operator2.conf')), new RegExp(`^Address = ${OP2.address}/24$`, 'm'));
  const conf = await onHost('h11', 'cat /etc/wireguard/wg0.conf');
  t.true(conf.includes(`PublicKey = ${read(join(WG, 'peer-operator2.pub')).trim()}\nAllowedIPs = ${OP2.address}/32`));
  t.regex(r.stdout, /RUNNING HANDLER \[wireguard : reload wireguard\]/);
  t.is(await onHost('h11', 'wg show wg0 peers | wc -l'), '2', 'the reload (wg syncconf) applied the new peer');
  t.is(await wireguardGoPid(), pid, 'reloaded, not restarted');
  t.regex(await onHost('h15', `ping -c 1 -W 2 ${SERVER}`), / 0% packet loss/, "operator1's tunnel is still up");

  const again = await phase(...twoPeers);
  t.is(again.code, 0, explain(again));
  t.like(recapOf(again.stdout, 'h11'), { changed: 0, failed: 0 });
});

test.serial('wg_forward off: the interface is restarted without the forwarding rules, and back', async (t) => {
  const rules = "iptables -S FORWARD | grep -c -- '-i wg0' || true; iptables -t nat -S POSTROUTING | grep -c -- '-s 10.13.13.0/24' || true";
  t.is(await onHost('h11', rules), '1\n1');
  const off = await phase(...twoPeers, '-e', 'wg_forward=false');
  t.is(off.code, 0, explain(off));
  t.regex(off.stdout, /Stop wg-quick@wg0 with its old settings[^\n]*\n(?:[^\n]*\n)?changed: \[h11\]/);
  t.is(await onHost('h11', rules), '0\n0', "the old PostDown removed the old PostUp's rules");
  t.notRegex(await onHost('h11', 'cat /etc/wireguard/wg0.conf'), /PostUp/);
  t.is(await onHost('h11', 'systemctl is-active wg-quick@wg0'), 'active');
  const on = await phase(...twoPeers);
  t.is(on.code, 0, explain(on));
  t.is(await onHost('h11', rules), '1\n1');
  // The restarted bastion forgot the sessions; the operator's restart handshakes at once.
  await onHost('h15', 'systemctl restart wg-quick@wg0');
  t.true((await handshake('h11')) > 0, 'no handshake with the restarted bastion');
});

// The module on its own, on the console (no lab host involved).
const keypairPlay = (dir: string, extra = ''): string => `
- hosts: localhost
  gather_facts: false
  tasks:
    - wg_keypair: {name: bastion, state_dir: "${dir}"}
      register: k
${extra}`;

test('wg_keypair: without wg on the console, a clear error and nothing written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mosip-play-wg-nowg-'));
  try {
    // A PATH with node only: no wg.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    writeFileSync(join(dir, 'play.yml'), keypairPlay(join(dir, 'state')));
    const r = await mosipPlay([join(dir, 'play.yml')], { PATH: bin });
    t.is(r.code, 2, explain(r));
    t.regex(r.stdout, /wg \(wireguard-tools\) is not installed on the console.*install it there.*apt-get install --no-install-recommends wireguard-tools/);
    t.false(existsSync(join(dir, 'state')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('wg_keypair: generated once, read back, masked; a .pub of another key is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mosip-play-wg-mod-'));
  try {
    const state = join(dir, 'state');
    writeFileSync(join(dir, 'play.yml'), keypairPlay(state, '    - debug: {msg: "private {{ k.private_key }} public {{ k.public_key }}"}'));
    const first = await mosipPlay([join(dir, 'play.yml')]);
    t.is(first.code, 0, explain(first));
    t.like(recapOf(first.stdout, 'localhost'), { changed: 1 });
    const key = read(join(state, 'wireguard/bastion.key')).trim();
    const pub = read(join(state, 'wireguard/bastion.pub')).trim();
    t.regex(key, /^[A-Za-z0-9+/]{43}=$/);
    t.true(first.stdout.includes(`private ******** public ${pub}`), first.stdout);
    t.false(first.stdout.includes(key));
    const second = await mosipPlay([join(dir, 'play.yml')]);
    t.like(recapOf(second.stdout, 'localhost'), { changed: 0 });
    t.is(read(join(state, 'wireguard/bastion.key')).trim(), key);
    // A .pub that does not belong to the .key (a copy from elsewhere) is an error, not silently used.
    const other = await execa('sh', ['-c', 'wg genkey | wg pubkey']);
    writeFileSync(join(state, 'wireguard/bastion.pub'), `${String(other.stdout).trim()}\n`);
    const bad = await mosipPlay([join(dir, 'play.yml')]);
    t.is(bad.code, 2, explain(bad));
    t.regex(bad.stdout, /bastion\.pub is not the public key of .*bastion\.key/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing inventory variable is reported, naming it and its file, before anything is done', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mosip-play-wg-inv-'));
  try {
    // An unreachable bastion address: the check must fail before any connection.
    mkdirSync(join(dir, 'group_vars/all'), { recursive: true });
    writeFileSync(join(dir, 'hosts.ini'), '[wireguard]\nh11 ansible_host=192.0.2.1\n');
    writeFileSync(join(dir, 'group_vars/all/network.yml'), `wg_network: 10.13.13.0/24\nwg_server_address: ${SERVER}\nstate_dir: ${join(dir, 'state')}\n`);
    const r = await mosipPlay(['playbooks/20-wireguard.yml', '-i', dir]);
    t.is(r.code, 2, explain(r));
    t.regex(r.stdout, /needs wg_port, wg_network, wg_server_address, wg_peers and private_cidr\s+in inventory\/<env>\/group_vars\/all\/network\.yml; missing: wg_port wg_peers private_cidr\./);
    t.like(recapOf(r.stdout, 'h11'), { unreachable: 0, changed: 0 });
    t.false(existsSync(join(dir, 'state')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

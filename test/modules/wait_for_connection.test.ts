// wait_for_connection against lab host h09, reached through a TCP relay this
// test runs on the lab bridge address: the relay turns connections away for
// its first seconds (a host still booting), then passes them to h09's sshd.
import { readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import test from 'ava';
import { REPO, mosipPlay, recapOf, type CliRun } from '../helpers/cli.js';
import { labHost } from '../helpers/lab.js';
import { tempTree } from '../helpers/tmp.js';

const BRIDGE = '10.213.0.1';

/** A relay to h09:22 that drops every connection until `refuseMs` after the first one arrived. */
async function relay(refuseMs: number): Promise<{ server: Server; port: number }> {
  const target = labHost('h09').address;
  let first: number | undefined;
  const server = createServer((client: Socket) => {
    first ??= Date.now();
    if (Date.now() - first < refuseMs) return void client.destroy();
    const upstream = connect(22, target);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, BRIDGE, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Run `tasks` on h09 reached at BRIDGE:port, with h09's host key recorded for that address. */
function playVia(port: number, tasks: string, args: string[] = []): Promise<CliRun> {
  const key = readFileSync(`${REPO}/.lab/known_hosts`, 'utf8').split('\n').find((l) => l.startsWith('10.213.0.19,'))!.split(' ').slice(1).join(' ');
  const dir = tempTree({
    known_hosts: `[${BRIDGE}]:${port} ${key}\n`,
    'play.yml': `
- hosts: h09
  gather_facts: false
  tasks:
${tasks}
`,
  });
  const inventory = `h09 ansible_host=${BRIDGE} ansible_port=${port} ansible_user=root ansible_ssh_private_key_file=${REPO}/.lab/id_ed25519 ansible_ssh_common_args='-o UserKnownHostsFile=${dir}/known_hosts'\n`;
  const inv = tempTree({ 'hosts.ini': inventory });
  return mosipPlay([`${dir}/play.yml`, '-i', `${inv}/hosts.ini`, ...args]);
}

test('retries until the host answers, then the play goes on', async (t) => {
  const { server, port } = await relay(3000);
  try {
    const run = await playVia(port, `
    - wait_for_connection: {timeout: 60, sleep: 1, connect_timeout: 5}
      register: w
    - command: cat /etc/hostname
      register: h
    - assert: {that: ['w.elapsed >= 2', '!w.changed', 'h.stdout == "h09"']}`);
    t.is(run.code, 0, run.stdout);
    t.like(recapOf(run.stdout, 'h09'), { ok: 3, changed: 1, unreachable: 0, failed: 0 });
  } finally {
    server.close();
  }
});

test('gives up after timeout with the last connection error; skipped in check mode', async (t) => {
  const { server, port } = await relay(3_600_000);
  try {
    const start = Date.now();
    const run = await playVia(port, '    - wait_for_connection: {timeout: 3}');
    t.is(run.code, 2, run.stdout);
    t.regex(run.stdout, /FAILED! => .*"elapsed":[34].*"msg":"timed out waiting for ping module test: /);
    t.true(Date.now() - start < 20_000);

    const check = await playVia(port, '    - wait_for_connection: {timeout: 3}', ['--check']);
    t.is(check.code, 0, check.stdout);
    t.like(recapOf(check.stdout, 'h09'), { skipped: 1, failed: 0 });
  } finally {
    server.close();
  }
});

test('after the connection is lost (its sshd session killed, as a reboot does), the next attempt logs in afresh', async (t) => {
  const run = await mosipPlay([
    `${tempTree({
      'play.yml': `
- hosts: h09
  gather_facts: false
  tasks:
    - name: drop this run's SSH connection a moment from now (its sshd session is the shell's parent)
      shell: "(sleep 1; kill $PPID) >/dev/null 2>&1 &"
    - pause: {seconds: 3}
    - wait_for_connection: {timeout: 30}
    - command: hostname
      register: after
    - assert: {that: after.stdout == "h09"}
`,
    })}/play.yml`,
    '-i',
    `${REPO}/inventory/lab/hosts.ini`,
  ]);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.like(recapOf(run.stdout, 'h09'), { unreachable: 0, failed: 0 });
});

import test from 'ava';
import { homedir, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { InventoryError } from '../../src/errors.js';
import { connectionSettings } from '../../src/connection/index.js';

const noEnv = {};
const settings = (vars: Record<string, unknown>, cli = {}, env: NodeJS.ProcessEnv = noEnv) =>
  connectionSettings('web1', vars, cli, env);

test('defaults: the inventory name, port 22, the local user, strict checking of ~/.ssh/known_hosts, 10 s', (t) => {
  t.deepEqual(settings({}), {
    hostname: 'web1',
    transport: 'ssh',
    address: 'web1',
    port: 22,
    user: userInfo().username,
    password: undefined,
    privateKeyFile: undefined,
    jump: undefined,
    hostKeyChecking: 'strict',
    knownHostsFiles: [resolve(homedir(), '.ssh/known_hosts')],
    connectTimeoutMs: 10_000,
  });
});

test('ansible_host, ansible_port and ansible_user, numbers given as strings or numbers', (t) => {
  const s = settings({ ansible_host: '10.0.0.5', ansible_port: '2222', ansible_user: 'deploy' });
  t.like(s, { address: '10.0.0.5', port: 2222, user: 'deploy' });
  t.is(settings({ ansible_port: 2200 }).port, 2200);
});

test("the older aliases ansible_ssh_host, ansible_ssh_port, ansible_ssh_user", (t) => {
  const s = settings({ ansible_ssh_host: '10.0.0.6', ansible_ssh_port: 2022, ansible_ssh_user: 'old' });
  t.like(s, { address: '10.0.0.6', port: 2022, user: 'old' });
});

test('inventory ansible_user beats -u, which beats the local user', (t) => {
  t.is(settings({ ansible_user: 'inv' }, { user: 'cli' }).user, 'inv');
  t.is(settings({}, { user: 'cli' }).user, 'cli');
});

test('ansible_ssh_private_key_file expands ~ and beats --private-key', (t) => {
  t.is(settings({ ansible_ssh_private_key_file: '~/.ssh/deploy' }).privateKeyFile, resolve(homedir(), '.ssh/deploy'));
  t.is(settings({ ansible_private_key_file: '/k/alias' }).privateKeyFile, '/k/alias');
  t.is(settings({ ansible_ssh_private_key_file: '/k/inv' }, { privateKeyFile: '/k/cli' }).privateKeyFile, '/k/inv');
  t.is(settings({}, { privateKeyFile: '/k/cli' }).privateKeyFile, '/k/cli');
});

test('ansible_password, or ansible_ssh_pass', (t) => {
  t.is(settings({ ansible_password: 's3cret' }).password, 's3cret');
  t.is(settings({ ansible_ssh_pass: 'old' }).password, 'old');
});

test('ansible_connection: ssh, smart and paramiko are ssh; local is local; others are refused', (t) => {
  for (const connection of ['ssh', 'smart', 'paramiko']) t.is(settings({ ansible_connection: connection }).transport, 'ssh');
  t.is(settings({ ansible_connection: 'local' }).transport, 'local');
  const err = t.throws(() => settings({ ansible_connection: 'winrm' }), { instanceOf: InventoryError });
  t.regex(err?.message ?? '', /host web1: ansible_connection must be ssh or local.*"winrm"/);
});

test('ansible_ssh_timeout beats --timeout', (t) => {
  t.is(settings({ ansible_ssh_timeout: '30' }, { timeoutSec: 5 }).connectTimeoutMs, 30_000);
  t.is(settings({}, { timeoutSec: 5 }).connectTimeoutMs, 5_000);
});

test('ssh args: -o UserKnownHostsFile (several files, ~) and -o StrictHostKeyChecking', (t) => {
  const s = settings({
    ansible_ssh_common_args: '-o UserKnownHostsFile="~/kh /etc/kh2" -o StrictHostKeyChecking=accept-new',
  });
  t.deepEqual(s.knownHostsFiles, [resolve(homedir(), 'kh'), '/etc/kh2']);
  t.is(s.hostKeyChecking, 'accept-new');
  t.is(settings({ ansible_ssh_common_args: '-oStrictHostKeyChecking=no' }).hostKeyChecking, 'off');
  t.is(settings({ ansible_ssh_common_args: '-o stricthostkeychecking yes' }).hostKeyChecking, 'strict');
});

test('ssh args: -o Port=, -p and -i apply when the inventory does not set them', (t) => {
  t.like(settings({ ansible_ssh_extra_args: '-o Port=2201 -i ~/k' }), {
    port: 2201,
    privateKeyFile: resolve(homedir(), 'k'),
  });
  t.is(settings({ ansible_ssh_common_args: '-p2202' }).port, 2202);
  t.is(settings({ ansible_port: 22, ansible_ssh_common_args: '-o Port=2201' }).port, 22);
});

test('ssh args: common args come before extra args, and the first value of an option wins', (t) => {
  const s = settings({ ansible_ssh_common_args: '-o Port=1111', ansible_ssh_extra_args: '-o Port=2222 -o User=x' });
  t.is(s.port, 1111);
  t.is(s.user, 'x');
});

test('ssh args: unsupported options and flags are ignored without eating the next option', (t) => {
  const s = settings({
    ansible_ssh_common_args:
      '-C -o ControlMaster=auto -o ProxyCommand="ssh -W %h:%p -q bastion" -F /dev/null -vvv -o Port=2203',
  });
  t.like(s, { port: 2203, jump: undefined, hostKeyChecking: 'strict' });
});

test('ssh args: -o ProxyJump and -J give a jump host with its own user and port, and the same key rules', (t) => {
  const s = settings({
    ansible_user: 'app',
    ansible_ssh_private_key_file: '/k/id',
    ansible_password: 'pw',
    ansible_ssh_common_args: '-o ProxyJump=ops@bastion.example:2222 -o UserKnownHostsFile=/kh',
  });
  t.deepEqual(s.jump, {
    hostname: 'bastion.example',
    transport: 'ssh',
    address: 'bastion.example',
    port: 2222,
    user: 'ops',
    jump: undefined,
    privateKeyFile: '/k/id',
    hostKeyChecking: 'strict',
    knownHostsFiles: ['/kh'],
    connectTimeoutMs: 10_000,
  });
  t.like(settings({ ansible_ssh_extra_args: '-J 10.0.0.1' }).jump, {
    address: '10.0.0.1',
    port: 22,
    user: userInfo().username,
  });
});

test('a ProxyJump chain: the target goes through the last hop, which goes through the first', (t) => {
  const s = settings({ ansible_ssh_common_args: '-J a@outer,b@inner:2200' });
  t.like(s.jump, { address: 'inner', port: 2200, user: 'b' });
  t.like(s.jump?.jump, { address: 'outer', port: 22, user: 'a', jump: undefined });
});

test('ansible_ssh_jump beats ProxyJump in the ssh args; ProxyJump=none means none', (t) => {
  const s = settings({ ansible_ssh_jump: 'root@10.0.0.9:2222', ansible_ssh_common_args: '-J other' });
  t.like(s.jump, { address: '10.0.0.9', port: 2222, user: 'root' });
  t.is(settings({ ansible_ssh_common_args: '-o ProxyJump=none' }).jump, undefined);
});

test('host key checking: the CLI, then ANSIBLE_HOST_KEY_CHECKING=False, then the ssh args', (t) => {
  const args = { ansible_ssh_common_args: '-o StrictHostKeyChecking=accept-new' };
  t.is(settings(args, {}, { ANSIBLE_HOST_KEY_CHECKING: 'False' }).hostKeyChecking, 'off');
  t.is(settings(args, { hostKeyChecking: 'strict' }, { ANSIBLE_HOST_KEY_CHECKING: 'False' }).hostKeyChecking, 'strict');
  t.is(settings({}, {}, { ANSIBLE_HOST_KEY_CHECKING: 'True' }).hostKeyChecking, 'strict');
  t.is(settings(args).hostKeyChecking, 'accept-new');
});

test('bad values are inventory errors that name the host and the variable, never a password', (t) => {
  t.throws(() => settings({ ansible_port: 'ssh' }), {
    instanceOf: InventoryError,
    message: 'host web1: ansible_port must be a port number, got "ssh"',
  });
  t.throws(() => settings({ ansible_port: 70000 }), { instanceOf: InventoryError });
  t.throws(() => settings({ ansible_ssh_timeout: '-1' }), { message: /ansible_ssh_timeout must be a number of seconds/ });
  t.throws(() => settings({ ansible_ssh_common_args: '-o "Port=1' }), { message: /ansible_ssh_common_args.*no closing quotation/ });
  t.throws(() => settings({ ansible_ssh_jump: 'a@b:c:d' }), { message: /jump host must be user@host:port/ });
  const err = t.throws(() => settings({ ansible_password: { secret: 'hunter2' } }));
  t.notRegex(err?.message ?? '', /hunter2/);
});

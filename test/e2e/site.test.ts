// The whole site, as an engineer runs it: `playbooks/site.yml` on fresh hosts
// with the lab layout, first with --check (exit 0, /etc byte-for-byte untouched
// on every host, nothing written to the state directory), then for real
// (exit 0), then again (changed=0 on every host, the console included), and a
// --check of the converged site predicting no change.
//
// The role tests use h11..h16, so this runs the same layout (inventory/lab,
// groups and addresses shifted by 6) on h17..h22 with its own state directory:
// both can run at once and this one starts from hosts nothing else touches.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { REPO, mosipPlay, recapOf, type CliRun } from '../helpers/cli.js';
import { labHost } from '../helpers/lab.js';
import { onHost } from '../helpers/play.js';

const SHIFT = 6;
const HOSTS = ['h17', 'h18', 'h19', 'h20', 'h21', 'h22'];
const ALL = [...HOSTS, 'console'];
// A fresh site takes about a minute on the lab; a hang must fail, not stall CI.
const RUN_LIMIT_MS = 8 * 60_000;

/** inventory/lab with every h11..h16 (name and address) moved to h17..h22. */
function shiftedInventory(root: string): string {
  const inv = join(root, 'inventory');
  cpSync(join(REPO, 'inventory/lab/group_vars'), join(inv, 'group_vars'), { recursive: true, dereference: true });
  cpSync(join(REPO, 'inventory/lab/hosts.ini'), join(inv, 'hosts.ini'));
  const groups = readFileSync(join(REPO, 'inventory/lab/groups.ini'), 'utf8')
    .replace(/\bh1([1-6])\b/g, (_, n: string) => `h${10 + Number(n) + SHIFT}`)
    .replace(/\b10\.213\.0\.2([1-6])\b/g, (_, n: string) => `10.213.0.${20 + Number(n) + SHIFT}`);
  writeFileSync(join(inv, 'groups.ini'), groups);
  return inv;
}

const root = mkdtempSync(join(tmpdir(), 'site-test-'));
const STATE = join(root, 'state');
const INV = shiftedInventory(root);
const site = (...args: string[]): Promise<CliRun> =>
  mosipPlay(['playbooks/site.yml', '-i', INV, '-e', `state_dir=${STATE}`, ...args], { MOSIP_PLAY_STATE_DIR: STATE }, RUN_LIMIT_MS);
const explain = (run: CliRun): string => `exit ${run.code}\n${run.stdout.slice(-20_000)}\n${run.stderr}`;

/** Every path under /etc with its type, mode, owner and link target, and every file's sha256. */
const etcFingerprint = (h: string): Promise<string> =>
  onHost(h, "find /etc -xdev -printf '%p %y %m %u %g %l\\n' | sort; find /etc -xdev -type f -exec sha256sum {} + | sort");

function assertRecap(t: ExecutionContext, run: CliRun, want: Record<string, number>): void {
  t.is(run.code, 0, explain(run));
  for (const h of ALL) t.like(recapOf(run.stdout, h), { failed: 0, unreachable: 0, ...want }, `${h}\n${explain(run)}`);
}

test.before(() => {
  // Fails clearly when the lab is smaller, and when a shifted address is not
  // the lab's own (it would leave the lab bridge).
  const groups = readFileSync(join(INV, 'groups.ini'), 'utf8');
  for (const h of HOSTS) if (!groups.includes(`${h} ansible_host=${labHost(h).address}`)) throw new Error(`${h}: not at its lab address`);
});
test.after.always(() => rmSync(root, { recursive: true, force: true }));

test.serial('site.yml --check on fresh hosts: exit 0, /etc untouched on every host, nothing in the state directory', async (t) => {
  t.timeout(RUN_LIMIT_MS + 60_000);
  const before = await Promise.all(HOSTS.map(etcFingerprint));
  const run = await site('--check');
  assertRecap(t, run, {});
  const changedSomewhere = HOSTS.some((h) => recapOf(run.stdout, h)['changed']! > 0);
  t.true(changedSomewhere, `check mode on fresh hosts reports the work to do\n${explain(run)}`);
  const after = await Promise.all(HOSTS.map(etcFingerprint));
  HOSTS.forEach((h, i) => t.is(after[i], before[i], `${h}: /etc changed in check mode`));
  t.deepEqual(readdirSync(root).sort(), ['inventory'], 'check mode created the state directory');
});

test.serial('site.yml for real: exit 0; the second run changes nothing anywhere', async (t) => {
  t.timeout(2 * RUN_LIMIT_MS + 60_000);
  const first = await site();
  assertRecap(t, first, {});
  for (const h of HOSTS) t.true(recapOf(first.stdout, h)['changed']! > 0, `${h} was prepared\n${explain(first)}`);
  const second = await site();
  assertRecap(t, second, { changed: 0 });
});

test.serial('site.yml --check on the converged site predicts no change', async (t) => {
  t.timeout(RUN_LIMIT_MS + 60_000);
  assertRecap(t, await site('--check'), { changed: 0 });
});

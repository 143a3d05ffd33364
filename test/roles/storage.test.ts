// The storage phase (playbooks/50-storage.yml) on the lab: nfs_server on h14
// (the `nfs` group) and longhorn_prereqs on h15 (mosip_cluster, with
// storage_backend=longhorn). The lab's kernel has no nfsd and no iSCSI, and
// multipathd skips itself in a container (lab-capabilities.md §8, §10): the
// tests check the package, account, directories, /etc/exports, `exportfs -v`,
// unit enablement, /etc/multipath.conf and the skip the systemd module
// reports; serving NFS, mounting and attaching iSCSI are not tested here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import test from 'ava';
import { load as loadYaml } from 'js-yaml';
import { REPO, mosipPlay, recapOf } from '../helpers/cli.js';
import { fingerprint, onHost } from '../helpers/play.js';

const storage = (...args: string[]) => mosipPlay(['playbooks/50-storage.yml', '-i', 'inventory/lab', ...args]);

// Everything the role derives, read from the lab inventory (never retyped here).
const labVars = loadYaml(readFileSync(resolve(REPO, 'inventory/lab/group_vars/all/lab.yml'), 'utf8')) as Record<string, string>;
const CIDR = labVars.private_cidr!;
const EXPORT_DIR = `${labVars.nfs_export_root}/${labVars.installation_name}`;
const NFS_OWNED = ['/etc/exports', labVars.nfs_export_root!, EXPORT_DIR, '/etc/passwd', '/etc/group'];
const LONGHORN = ['-l', 'h15', '-e', 'storage_backend=longhorn'];
// (fingerprint's last path must be a file or absent)
const LH_OWNED = ['/etc/systemd/system/sysinit.target.wants/iscsid.service', '/etc/multipath.conf'];

const dpkg = (host: string, pkg: string) => onHost(host, `dpkg -s ${pkg} >/dev/null 2>&1 && echo installed || echo absent`);

// Hosts as before the first run. h15 gets multipath-tools, as Ubuntu servers
// have it by default (Debian's minimal image does not), so the multipathd
// handler has a unit to act on.
test.before(async () => {
  const apt = 'DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=120 -y';
  await Promise.all([
    onHost('h14', [
      'systemctl stop nfs-server 2>/dev/null',
      `${apt} purge nfs-kernel-server >/dev/null 2>&1`,
      'userdel nfsnobody 2>/dev/null; groupdel nfsnobody 2>/dev/null',
      `rm -rf /etc/exports ${labVars.nfs_export_root}`,
      '! dpkg -s nfs-kernel-server >/dev/null 2>&1',
    ].join('; ')),
    onHost('h15', [
      `${apt} purge open-iscsi nfs-common >/dev/null 2>&1`,
      `${apt} install multipath-tools >/dev/null 2>&1`,
      // purge leaves iscsid's enablement link behind
      'rm -f /etc/multipath.conf /etc/systemd/system/sysinit.target.wants/iscsid.service && systemctl daemon-reload',
      '! dpkg -s open-iscsi >/dev/null 2>&1',
    ].join('; ')),
  ]);
});

test.serial('nfs_server: --check on a fresh host reports the work and changes nothing', async (t) => {
  const before = await fingerprint('h14', NFS_OWNED);
  const r = await storage('-l', 'h14', '--check');
  t.is(r.code, 0, r.stdout);
  t.true(recapOf(r.stdout, 'h14').changed! >= 3, r.stdout);
  t.regex(r.stdout, /nfsnobody would be created first/);
  t.deepEqual(await fingerprint('h14', NFS_OWNED), before);
  t.is(await dpkg('h14', 'nfs-kernel-server'), 'absent');
});

test.serial('nfs_server: first run — package, account, directories, /etc/exports scoped to the cluster CIDR, exportfs', async (t) => {
  const r = await storage('-l', 'h14');
  t.is(r.code, 0, r.stdout);
  t.true(recapOf(r.stdout, 'h14').changed! >= 6, r.stdout);
  t.regex(r.stdout, /RUNNING HANDLER \[nfs_server : exportfs\]/);
  t.is(await dpkg('h14', 'nfs-kernel-server'), 'installed');

  // A system account without home or shell.
  const [name, , uid, gid, , home, shell] = (await onHost('h14', 'getent passwd nfsnobody')).split(':');
  t.is(name, 'nfsnobody');
  t.true(Number(uid) < 1000, `system uid, got ${uid}`);
  t.deepEqual([home, shell], ['/nonexistent', '/usr/sbin/nologin']);
  t.is(await onHost('h14', 'id -gn nfsnobody'), 'nfsnobody');

  t.is(await onHost('h14', `stat -c '%a %U %G' ${labVars.nfs_export_root} ${EXPORT_DIR}`), '755 root root\n770 nfsnobody nfsnobody');
  // The exact line: the lab's private_cidr, root squashed onto nfsnobody.
  const line = `${EXPORT_DIR} ${CIDR}(rw,sync,no_subtree_check,no_all_squash,root_squash,anonuid=${uid},anongid=${gid})`;
  t.is(await onHost('h14', "grep -v '^#' /etc/exports | grep -v '^$'"), line);
  const exported = await onHost('h14', 'exportfs -v');
  t.regex(exported, new RegExp(`^${EXPORT_DIR}\\s+${CIDR.replace(/[./]/g, '\\$&')}\\(`, 'm'));
  t.regex(exported, /[(,]root_squash[,)]/);
  t.regex(exported, new RegExp(`anonuid=${uid},anongid=${gid}`));
  t.notRegex(exported, /no_root_squash|\*\(/, 'never no_root_squash, never every client');

  // The lab kernel has no nfsd: enabled, not running, and the run says why.
  t.is(await onHost('h14', 'systemctl is-enabled nfs-server; systemctl is-active nfs-server || true'), 'enabled\ninactive');
  t.regex(r.stdout, /h14 is a systemd-nspawn container: its kernel has no nfsd, so nfs-server is enabled but not started/);
});

test.serial('nfs_server: second run changes nothing', async (t) => {
  const r = await storage('-l', 'h14');
  t.is(r.code, 0, r.stdout);
  t.like(recapOf(r.stdout, 'h14'), { changed: 0, failed: 0 });
  t.notRegex(r.stdout, /RUNNING HANDLER/);
});

test.serial('nfs_server: options change the one line of this export; other exports stay; --check leaves a changed host as it is', async (t) => {
  await onHost('h14', "mkdir -p /srv/other && echo '/srv/other 192.0.2.0/24(ro)' >> /etc/exports");
  const opted = await storage('-l', 'h14', '-e', 'nfs_no_root_squash=true');
  t.is(opted.code, 0, opted.stdout);
  t.like(recapOf(opted.stdout, 'h14'), { changed: 2 }); // the line + the handler
  const lines = (await onHost('h14', "grep -v '^#' /etc/exports | grep -v '^$'")).split('\n');
  t.deepEqual(lines, [`${EXPORT_DIR} ${CIDR}(rw,sync,no_subtree_check,no_all_squash,no_root_squash)`, '/srv/other 192.0.2.0/24(ro)']);
  t.regex(await onHost('h14', 'exportfs -v'), /no_root_squash/);

  // From this changed state, --check reports the way back and writes nothing.
  const before = await fingerprint('h14', NFS_OWNED);
  const check = await storage('-l', 'h14', '--check');
  t.is(check.code, 0, check.stdout);
  t.like(recapOf(check.stdout, 'h14'), { changed: 1 });
  t.deepEqual(await fingerprint('h14', NFS_OWNED), before);

  const back = await storage('-l', 'h14');
  t.is(back.code, 0, back.stdout);
  t.regex(await onHost('h14', `grep '^${EXPORT_DIR} ' /etc/exports`), /,root_squash,anonuid=/);
  t.notRegex(await onHost('h14', 'exportfs -v'), /no_root_squash/);
  await onHost('h14', "sed -i '\\|^/srv/other |d' /etc/exports && rmdir /srv/other && exportfs -ra");
});

test.serial('longhorn_prereqs: --check on a fresh host changes nothing; nfs_server is not run for h15', async (t) => {
  const before = await fingerprint('h15', LH_OWNED);
  const r = await storage(...LONGHORN, '--check');
  t.is(r.code, 0, r.stdout);
  t.true(recapOf(r.stdout, 'h15').changed! >= 2, r.stdout);
  t.notRegex(r.stdout, /TASK \[nfs_server/);
  t.deepEqual(await fingerprint('h15', LH_OWNED), before);
  t.is(await dpkg('h15', 'open-iscsi'), 'absent');
});

test.serial('longhorn_prereqs: first run — open-iscsi, nfs-common, iscsid enabled, multipath blacklist; multipathd skips itself', async (t) => {
  const r = await storage(...LONGHORN);
  t.is(r.code, 0, r.stdout);
  t.like(recapOf(r.stdout, 'h15'), { failed: 0, changed: 3 }); // packages, iscsid enabled, multipath.conf
  for (const p of ['open-iscsi', 'nfs-common']) t.is(await dpkg('h15', p), 'installed');
  t.is(await onHost('h15', 'systemctl is-enabled iscsid'), 'enabled');
  t.regex(r.stdout, /its kernel has no iSCSI, so\s+iscsid is enabled but not started/);
  t.is(
    await onHost('h15', 'cat /etc/multipath.conf'),
    ['# BEGIN mosip-play longhorn_prereqs', 'blacklist {', '    devnode "^sd[a-z0-9]+"', '}', '# END mosip-play longhorn_prereqs'].join('\n'),
  );
  // The handler ran; multipathd's ConditionVirtualization=!container skipped the start, and the module said so.
  t.regex(r.stdout, /RUNNING HANDLER \[longhorn_prereqs : restart multipathd\]/);
  t.regex(r.stdout, /multipathd did not start: .*unmet condition check \(ConditionVirtualization=!container\)/);
  t.is(await onHost('h15', 'systemctl show multipathd -p ActiveState -p ConditionResult'), 'ActiveState=inactive\nConditionResult=no');
});

test.serial('longhorn_prereqs: second run changes nothing; an edited multipath.conf is reported by --check and left alone', async (t) => {
  const again = await storage(...LONGHORN);
  t.is(again.code, 0, again.stdout);
  t.like(recapOf(again.stdout, 'h15'), { changed: 0, failed: 0 });

  await onHost('h15', "sed -i 's/sd\\[a-z0-9\\]+/sd[a-z]+/' /etc/multipath.conf");
  const before = await fingerprint('h15', LH_OWNED);
  const check = await storage(...LONGHORN, '--check');
  t.is(check.code, 0, check.stdout);
  t.like(recapOf(check.stdout, 'h15'), { changed: 1 });
  t.deepEqual(await fingerprint('h15', LH_OWNED), before);

  const repair = await storage(...LONGHORN);
  t.like(recapOf(repair.stdout, 'h15'), { changed: 1 });
  t.regex(await onHost('h15', 'cat /etc/multipath.conf'), /devnode "\^sd\[a-z0-9\]\+"/);
});

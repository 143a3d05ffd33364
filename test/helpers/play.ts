// Helpers for tests that run a playbook on lab hosts and then look at the host
// independently of mosip-play (plain OpenSSH with the lab's own config).
import { execa } from 'execa';
import { LAB_INVENTORY, REPO, mosipPlay, type CliRun } from './cli.js';
import { tempTree } from './tmp.js';

/** Write `yaml` as a playbook (plus any extra files) and run it against the lab inventory. */
export async function play(yaml: string, args: string[] = [], files: Record<string, string> = {}): Promise<CliRun> {
  const dir = tempTree({ 'play.yml': yaml, ...files });
  return mosipPlay([`${dir}/play.yml`, '-i', LAB_INVENTORY, ...args]);
}

/** Run a shell command on a lab host over plain ssh; returns stdout (throws on non-zero exit). */
export async function onHost(host: string, command: string, input?: string): Promise<string> {
  const res = await execa('ssh', ['-F', '.lab/ssh_config', host, command], { cwd: REPO, input });
  return String(res.stdout);
}

/** sha256 of each path (or "absent"), with mode and owner: a fingerprint to prove check mode changed nothing. */
export async function fingerprint(host: string, paths: string[]): Promise<string> {
  const script = paths
    .map((p) => `if [ -e '${p}' ] || [ -L '${p}' ]; then stat -c '%n %F %a %U %G' '${p}'; [ -f '${p}' ] && sha256sum '${p}'; else echo '${p} absent'; fi`)
    .join('; ');
  return onHost(host, script);
}

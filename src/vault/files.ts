// Reading and writing the files the vault command works on. A write goes to a
// temp file beside the target and is renamed over it, so a crash leaves the
// old file or the new one, never half of one; the target keeps its mode (and
// owner, where we may set it).
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmodSync, chownSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { VaultError } from './errors.js';

/** `-` is stdin, as for ansible-vault. */
export const STDIO = '-';

export function readInput(file: string): Buffer {
  try {
    return readFileSync(file === STDIO ? 0 : file);
  } catch (err) {
    throw new VaultError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** The file a path names, through symlinks: rewriting must replace the target, not the link. */
export function realFile(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Writes `data` to `file` (or stdout for `-`); a new file is created 0600, an existing one keeps its mode. */
export function writeOutput(file: string, data: Buffer | string): void {
  if (file === STDIO) {
    process.stdout.write(data);
    return;
  }
  const target = realFile(file);
  const previous = statSync(target, { throwIfNoEntry: false });
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    if (previous) keepOwnership(temp, previous);
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new VaultError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function keepOwnership(temp: string, previous: Stats): void {
  chmodSync(temp, previous.mode & 0o7777);
  try {
    chownSync(temp, previous.uid, previous.gid);
  } catch {
    // Only root may give a file away; a user's own file already has the right owner.
  }
}

// The controller's local state directory, where values that must stay the
// same from run to run (generated passwords) are kept. Directories are 0700,
// files 0600, and a value is written once, atomically: of two runs racing to
// create the same value, the first one wins and the second reads it.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

export const STATE_DIR_ENV = 'MOSIP_PLAY_STATE_DIR';

/** `$MOSIP_PLAY_STATE_DIR`, else `.mosip-play/state` under the current directory. */
export function stateDir(): string {
  const fromEnv = process.env[STATE_DIR_ENV];
  return resolve(fromEnv ? fromEnv : join('.mosip-play', 'state'));
}

const SEGMENT = /^[A-Za-z0-9_@+=-][A-Za-z0-9_.@+=-]*$/;

/**
 * Check a state key such as `mosip/postgres`: relative, `/`-separated, each
 * part made of letters, digits and `_ . @ + = -`, never `.` or `..`.
 * Returns the reason it is refused, or undefined when it is fine.
 */
export function badStateKey(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (isAbsolute(name) || name.startsWith('/')) return 'the name must be relative, not an absolute path';
  if (name.includes('\\')) return 'use / to separate parts of the name, not \\';
  for (const part of name.split('/')) {
    if (part === '..' || part === '.') return `'${part}' is not allowed in the name`;
    if (part === '') return 'the name has an empty part (// or a trailing /)';
    if (!SEGMENT.test(part)) return `'${part}' may only contain letters, digits and _ . @ + = -, and may not start with '.'`;
  }
  return undefined;
}

/** Create `dir` and any missing parents; every directory created here is 0700. */
export function ensurePrivateDir(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    chmodSync(d, 0o700); // the umask may have taken bits away; make it exactly 0700
    if (d === first || d === dirname(d)) break;
  }
}

function readValue(file: string): string {
  const content = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  if (content === '') throw new Error(`${file} is empty; delete it to have a new value generated`);
  return content;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not every filesystem lets a directory be synced; the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The value stored in `file`; when there is none yet, `make()`'s value is
 * written (0600, via a temporary file and a link that fails if another
 * process got there first) and returned.
 */
export function readOrCreate(file: string, make: () => string): string {
  try {
    return readValue(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const dir = dirname(file);
  ensurePrivateDir(dir);
  const value = make();
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, `${value}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return readValue(file);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      renameSync(tmp, file); // a filesystem without hard links
    }
    fsyncDir(dir);
    return value;
  } finally {
    rmSync(tmp, { force: true });
  }
}

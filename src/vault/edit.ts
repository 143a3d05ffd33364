// Editing a vaulted file means its plaintext must be on disk while $EDITOR
// runs. It lives as a 0600 file in a private directory (mkdtemp makes it
// 0700, and the editor's swap and backup files land there too), and that
// directory is wiped when editing ends, however it ends: normally, by an
// error, by the editor failing, or by SIGINT/SIGTERM to mosip-play.
import type { ResultPromise } from 'execa';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { VaultError } from './errors.js';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** What the person saved in $EDITOR (default `vi`), starting from `initial`; `name` keeps the extension editors look at. */
export async function editPrivately(name: string, initial: Buffer): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'mosip-play-vault-'));
  const file = join(dir, basename(name));
  let editor: ResultPromise | undefined;
  const unwatch = onTermination(() => {
    editor?.kill(); // or it would go on editing a file that is gone
    wipeDir(dir, file);
  });
  try {
    await writeFile(file, initial, { mode: 0o600, flag: 'wx' });
    // Loaded on first use: execa costs about 16 MiB, and a playbook run never edits.
    const { execa } = await import('execa');
    editor = startEditor(execa, file);
    const res = await editor;
    if (res.exitCode !== 0) {
      const how = res.exitCode === undefined ? `stopped (${res.signal ?? res.originalMessage})` : `exited with code ${res.exitCode}`;
      throw new VaultError(`the editor (${editorCommand()}) ${how}; ${name} is unchanged`);
    }
    return await readFile(file);
  } finally {
    wipeDir(dir, file);
    unwatch();
  }
}

function editorCommand(): string {
  return process.env.EDITOR || 'vi';
}

/** Through the shell, as git runs it, since $EDITOR may carry arguments ("code --wait"); `exec` so a kill reaches the editor. */
function startEditor(execa: typeof import('execa').execa, file: string): ResultPromise {
  return execa('sh', ['-c', `exec ${editorCommand()} "$@"`, 'editor', file], { stdio: 'inherit', reject: false });
}

/** Zeroes the plaintext before unlinking it (best effort: a journal or SSD may keep a copy), then removes the directory. */
function wipeDir(dir: string, file: string): void {
  try {
    writeFileSync(file, Buffer.alloc(statSync(file).size));
  } catch {
    // Already gone, or never written.
  }
  rmSync(dir, { recursive: true, force: true });
}

/** On a terminating signal: wipe, then die of that same signal, as if we had not caught it. */
function onTermination(cleanUp: () => void): () => void {
  const unwatch = (): void => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
  const handler = (signal: NodeJS.Signals): void => {
    cleanUp();
    unwatch();
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return unwatch;
}

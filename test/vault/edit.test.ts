// `vault edit` and `vault create`: the plaintext is on disk only while the
// editor runs, in a private temp directory that is always removed.
import test from 'ava';
import { chmodSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VaultSecrets } from '../../src/vault/secrets.js';
import { FIXTURES, PROD_PASSWORD_FILE, startVault, vault, workdir } from './helpers.js';

/** Whether the private directory the editor was given still exists (every editor here records its file in DIR/edited). */
const tempDirLeft = (dir: string) => existsSync(dirname(readFileSync(join(dir, 'edited'), 'utf8').trim()));

function executable(file: string, body: string): string {
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** An $EDITOR that first records which file it was given, in DIR/edited. */
function editor(dir: string, body: string): string {
  return executable(join(dir, 'editor.sh'), `echo "$1" > ${dir}/edited\n${body.replaceAll('DIR', dir)}`);
}

function openProd(file: string): string {
  const secrets = new VaultSecrets([{ id: 'prod', password: Buffer.from('fixture-password-prod'), source: 'test' }]);
  return secrets.open(readFileSync(file, 'utf8'), file).plaintext.toString();
}

/** prod.yml (vault id prod) to edit, mode 0640, with its password given by an executable. */
function setup(editorBody: string) {
  const dir = workdir('prod.yml');
  const file = join(dir, 'prod.yml');
  chmodSync(file, 0o640);
  const pwScript = executable(join(dir, 'pw.sh'), `cat ${PROD_PASSWORD_FILE}`);
  return { dir, file, args: ['edit', file, '--vault-id', `prod@${pwScript}`], env: { EDITOR: editor(dir, editorBody) } };
}

test('edit re-encrypts what the editor saved, with the same vault id and mode, and leaves no temp file', async (t) => {
  const { dir, file, args, env } = setup(`stat -c %a "$1" "$(dirname "$1")" > DIR/perms\necho 'added: yes' >> "$1"`);
  const res = await vault(args, { env });
  t.is(res.code, 0, res.stderr);
  t.is(readFileSync(join(dir, 'perms'), 'utf8'), '600\n700\n', 'the plaintext was private while it existed');
  t.true(readFileSync(file, 'utf8').startsWith('$ANSIBLE_VAULT;1.2;AES256;prod\n'));
  t.is(openProd(file), 'minio_secret: minio-prod-secret\nadded: yes\n');
  t.is(statSync(file).mode & 0o777, 0o640);
  t.false(tempDirLeft(dir));
});

test('an editor that exits non-zero changes nothing and leaves no temp file', async (t) => {
  const { dir, file, args, env } = setup(`echo 'half done' >> "$1"\nexit 3`);
  const before = readFileSync(file);
  const res = await vault(args, { env });
  t.is(res.code, 1);
  t.regex(res.stderr, /the editor \(.*editor\.sh\) exited with code 3; .*prod\.yml is unchanged/);
  t.deepEqual(readFileSync(file), before);
  t.false(tempDirLeft(dir));
});

test('an edit that changes nothing does not rewrite the file', async (t) => {
  const { dir, file, args, env } = setup('true');
  const before = readFileSync(file);
  t.is((await vault(args, { env })).code, 0);
  t.deepEqual(readFileSync(file), before, 'same bytes: a rewrite would have drawn a new salt');
  t.false(tempDirLeft(dir));
});

test('SIGTERM while the editor runs removes the temp directory', async (t) => {
  const { dir, file, args, env } = setup(`touch DIR/editing\nexec sleep 60`);
  const before = readFileSync(file);
  const run = startVault(args, { env });
  while (!existsSync(join(dir, 'editing')) && run.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  t.true(tempDirLeft(dir), 'the private directory exists while editing');
  run.kill('SIGTERM');
  const res = await run;
  t.is(res.signal, 'SIGTERM');
  t.false(tempDirLeft(dir));
  t.deepEqual(readFileSync(file), before);
});

test('create encrypts what the editor wrote into a new 0600 file', async (t) => {
  const dir = workdir();
  const file = join(dir, 'new', 'secrets.yml');
  const env = { EDITOR: editor(dir, `echo 'token: t0ps3cret' > "$1"`) };
  const res = await vault(['create', file, '--vault-id', `prod@${PROD_PASSWORD_FILE}`], { env });
  t.is(res.code, 0, res.stderr);
  t.is(openProd(file), 'token: t0ps3cret\n');
  t.is(statSync(file).mode & 0o777, 0o600);
  t.false(tempDirLeft(dir));
  const again = await vault(['create', file, '--vault-id', `prod@${PROD_PASSWORD_FILE}`], { env });
  t.regex(again.stderr, /exists; use `mosip-play vault edit/);
});

test('a file that is not vault-encrypted is refused by edit, before any editor runs', async (t) => {
  const dir = workdir();
  const file = join(dir, 'plain.yml');
  copyFileSync(join(FIXTURES, 'README.md'), file);
  const res = await vault(['edit', file, '--vault-id', `prod@${PROD_PASSWORD_FILE}`], { env: { EDITOR: 'false' } });
  t.is(res.code, 1);
  t.regex(res.stderr, /plain\.yml is not vault-encrypted/);
});

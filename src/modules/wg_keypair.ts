// `wg_keypair` (mosip-play's own): a WireGuard key pair, generated once on
// the controller with `wg genkey` / `wg pubkey` (wireguard-tools) and kept in
// `<state_dir>/wireguard/<name>.key` and `.pub` (0600, in 0700 directories).
// Later runs read the files back (changed=false), so a key never changes once
// it has been handed out. The private key is a secret: masked in every output.
//
// Check mode writes nothing: an existing pair is read and returned as usual;
// a missing one is reported as "would generate" (changed) and no key is
// returned, so tasks that need the key must wait for a real run.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { secrets } from '../secrets/registry.js';
import { badStateKey, ensurePrivateDir, readOrCreate } from '../template/state-dir.js';
import { defineModule, type ModuleResult } from './types.js';

const args = z.strictObject({
  name: z
    .string()
    .min(1)
    .refine((n) => !n.includes('/') && badStateKey(n) === undefined, {
      message: "a file name: letters, digits and _ . @ + = -, not starting with '.'",
    })
    .describe('The pair\'s name, e.g. `bastion` or `peer-operator1`: the files are `<state_dir>/wireguard/<name>.key` and `.pub`.'),
  state_dir: z
    .string()
    .min(1)
    .describe('The console\'s state directory (relative paths start at the current directory); it and `wireguard/` below it are created 0700.'),
});

/** A WireGuard key: 32 bytes in base64. */
const KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

const INSTALL_HINT =
  'wg (wireguard-tools) is not installed on the console, which generates the WireGuard keys: ' +
  'install it there (Debian/Ubuntu: apt-get install --no-install-recommends wireguard-tools)';

class WgError extends Error {}

/** Runs `wg <sub>` on the controller; the key travels on stdin/stdout only, never on a command line. */
async function wg(sub: 'genkey' | 'pubkey', input?: string): Promise<string> {
  const { execa } = await import('execa'); // loaded on first use (memory)
  const res = await execa('wg', [sub], { input: input ?? '', reject: false, env: { LC_ALL: 'C' } });
  if ((res as { code?: string }).code === 'ENOENT') throw new WgError(INSTALL_HINT);
  if (res.failed || res.exitCode !== 0) {
    const why = String(res.stderr ?? '').trim() || (res as { shortMessage?: string }).shortMessage || `exit ${res.exitCode}`;
    throw new WgError(`wg ${sub} failed: ${why}`);
  }
  const key = String(res.stdout).trim();
  if (!KEY.test(key)) throw new WgError(`wg ${sub} printed something that is not a WireGuard key`);
  return key;
}

/** The file's key, undefined when there is no file; an error for anything that is not a key. */
function readKey(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WgError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const key = text.trim();
  if (!KEY.test(key)) throw new WgError(`${file} does not hold a WireGuard key (44 base64 characters); fix or delete it`);
  return key;
}

export default defineModule({
  name: 'wg_keypair',
  args,
  controllerOnly: true,
  async run(a, ctx): Promise<ModuleResult> {
    const dir = join(resolve(a.state_dir), 'wireguard');
    const keyFile = join(dir, `${a.name}.key`);
    const pubFile = join(dir, `${a.name}.pub`);
    const files = { private_key_file: keyFile, public_key_file: pubFile };
    try {
      let priv = readKey(keyFile);
      const pub = readKey(pubFile);
      if (priv !== undefined) {
        secrets.add(priv);
        const derived = await wg('pubkey', priv);
        if (pub !== undefined && pub !== derived) {
          throw new WgError(`${pubFile} is not the public key of ${keyFile}; delete the wrong one (or both for a new pair)`);
        }
        if (pub !== undefined) return { changed: false, ...files, public_key: pub, private_key: priv };
        // The public half went missing: it is derived again from the private key.
        if (ctx.check) return { changed: true, ...files, public_key: derived, private_key: priv, msg: `would write ${pubFile}` };
        readOrCreate(pubFile, () => derived);
        return { changed: true, ...files, public_key: derived, private_key: priv, msg: `wrote ${pubFile} (derived from ${keyFile})` };
      }
      if (pub !== undefined) {
        throw new WgError(`${pubFile} exists without ${keyFile}; delete ${pubFile} to have a new pair generated`);
      }
      if (ctx.check) return { changed: true, ...files, msg: `would generate a key pair in ${keyFile} and ${pubFile}` };
      const fresh = await wg('genkey');
      secrets.add(fresh);
      ensurePrivateDir(dir);
      // Written through a temporary file and a link: of two runs racing, the first key wins.
      priv = readOrCreate(keyFile, () => fresh);
      secrets.add(priv);
      const pubKey = await wg('pubkey', priv);
      const stored = readOrCreate(pubFile, () => pubKey);
      return { changed: true, ...files, public_key: stored, private_key: priv, msg: `generated ${keyFile} and ${pubFile}` };
    } catch (err) {
      // wg's own failures, and the state directory's (permissions, a full disk, an empty key file).
      if (err instanceof Error) return { changed: false, failed: true, ...files, msg: err.message };
      throw err;
    }
  },
});

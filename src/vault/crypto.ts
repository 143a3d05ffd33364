// Ansible's VaultAES256: AES-256-CTR over the PKCS#7-padded plaintext, then
// HMAC-SHA256 over the ciphertext (encrypt-then-MAC). The keys come from
// src/vault/keys.ts.
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import type { VaultSource } from './errors.js';
import { vaultError } from './errors.js';
import type { Payload } from './format.js';
import type { DerivedKeys } from './keys.js';

const BLOCK = 16;

export function seal(plaintext: Buffer, keys: DerivedKeys, salt: Buffer): Payload {
  const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, keys.iv);
  const ciphertext = Buffer.concat([cipher.update(pad(plaintext)), cipher.final()]);
  return { salt, hmac: mac(ciphertext, keys), ciphertext };
}

/**
 * The plaintext, or undefined when the HMAC does not match, which is what a
 * wrong password looks like. The HMAC is checked, in constant time, before
 * anything is decrypted.
 */
export function unseal(payload: Payload, keys: DerivedKeys, where: VaultSource): Buffer | undefined {
  const expected = mac(payload.ciphertext, keys);
  if (payload.hmac.length !== expected.length || !timingSafeEqual(payload.hmac, expected)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', keys.cipherKey, keys.iv);
  return unpad(Buffer.concat([decipher.update(payload.ciphertext), decipher.final()]), where);
}

function mac(ciphertext: Buffer, keys: DerivedKeys): Buffer {
  return createHmac('sha256', keys.hmacKey).update(ciphertext).digest();
}

/** CTR needs no padding, but Ansible pads to whole AES blocks anyway: the format requires it. */
function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer, where: VaultSource): Buffer {
  const n = data.at(-1) ?? 0;
  const ok = n >= 1 && n <= BLOCK && n <= data.length && data.subarray(data.length - n).every((b) => b === n);
  if (!ok) throw vaultError('damaged vault data: bad padding after a good HMAC', where);
  return data.subarray(0, data.length - n);
}

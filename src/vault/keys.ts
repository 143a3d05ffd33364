// PBKDF2 is the whole cost of the vault: 10,000 rounds of HMAC-SHA256, tens
// of milliseconds each. Ansible pays it again every time it opens a vaulted
// value, which is why encrypted vars files made runs on 500 hosts go from
// 23 s to 6 min (ansible/ansible#8340). Here a run derives the keys of each
// (password, salt) pair at most once, however often that value is read.
//
// Why not one derivation per password: in Ansible's format every vaulted
// value carries its own random 32-byte salt, and the key AND the CTR counter
// both come from PBKDF2(password, salt). Encrypting two values with the same
// salt would give them the same keystream, and XOR-ing the two ciphertexts
// would give the XOR of the two plaintexts. So encryption here always draws a
// fresh salt (as ansible-vault does), and decrypting N inline values costs N
// derivations the first time and nothing after. For many secrets that must be
// cheap to open, keep them in one encrypted file (`vault encrypt secrets.yml`):
// one salt, one derivation.
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 10_000;
const KEY_BYTES = 32;
const IV_BYTES = 16;
const SALT_BYTES = 32;

export interface DerivedKeys {
  cipherKey: Buffer;
  hmacKey: Buffer;
  iv: Buffer;
}

export class KeyCache {
  /** How many PBKDF2 derivations this run has done: tests count them rather than time them. */
  derivations = 0;
  private readonly cache = new Map<string, DerivedKeys>();

  keysFor(password: Buffer, salt: Buffer): DerivedKeys {
    // Hashed: any password bytes make a short, unambiguous key, and the map holds no password.
    const id = `${createHash('sha256').update(password).digest('hex')}:${salt.toString('hex')}`;
    let keys = this.cache.get(id);
    if (!keys) {
      keys = derive(password, salt);
      this.derivations++;
      this.cache.set(id, keys);
    }
    return keys;
  }
}

/** A fresh salt for every value encrypted; see the note at the top for why never a shared one. */
export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

function derive(password: Buffer, salt: Buffer): DerivedKeys {
  const bytes = pbkdf2Sync(password, salt, ITERATIONS, 2 * KEY_BYTES + IV_BYTES, 'sha256');
  return {
    cipherKey: bytes.subarray(0, KEY_BYTES),
    hmacKey: bytes.subarray(KEY_BYTES, 2 * KEY_BYTES),
    iv: bytes.subarray(2 * KEY_BYTES),
  };
}

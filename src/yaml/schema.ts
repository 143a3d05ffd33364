// YAML as Ansible users write it (PyYAML, YAML 1.1 flavoured): merge keys,
// yes/no/on/off booleans, 0644 read as octal.
import { CORE_SCHEMA, NOT_RESOLVED, defineScalarTag, intYaml11Tag, mergeTag } from 'js-yaml';
import { Unsafe } from '../template/unsafe.js';
import { VaultedValue } from '../vault/value.js';

const YES = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const NO = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const YAML11_ONLY = /^(?:yes|no|on|off)$/i;

/** How many YAML 1.1 booleans (yes/no/on/off) were read, for the CLI's one-time warning. */
export const yaml11Booleans = { seen: 0 };

function resolveBool(s: string): boolean | typeof NOT_RESOLVED {
  const value = YES.test(s) ? true : NO.test(s) ? false : NOT_RESOLVED;
  if (value !== NOT_RESOLVED && YAML11_ONLY.test(s)) yaml11Booleans.seen++;
  return value;
}

const pyyamlBool = defineScalarTag('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: null,
  resolve: resolveBool,
  identify: (d: unknown) => typeof d === 'boolean',
});

/** Ansible's `!unsafe` marks a string that must never be templated (src/template/unsafe.ts). */
const unsafeTag = defineScalarTag('!unsafe', {
  resolve: (s: string) => new Unsafe(s),
  identify: (d: unknown) => d instanceof Unsafe,
  represent: (d: Unsafe) => d.text,
});

/** `!vault |` holds Ansible Vault ciphertext; src/vault/tree.ts decrypts it once the passwords are known. */
const vaultTag = defineScalarTag('!vault', {
  resolve: (s: string) => new VaultedValue(s),
  identify: (d: unknown) => d instanceof VaultedValue,
  represent: (d: VaultedValue) => d.ciphertext,
});

export const ANSIBLE_SCHEMA = CORE_SCHEMA.withTags(mergeTag, pyyamlBool, intYaml11Tag, unsafeTag, vaultTag);

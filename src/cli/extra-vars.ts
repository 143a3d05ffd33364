// `-e` values as Ansible takes them: `k=v k2=v2`, inline JSON/YAML, or `@file`.
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { splitWords } from '../modules/shell-quote.js';
import { loadYaml } from '../vault/run-vault.js';
import { parseYaml } from '../yaml/load.js';

function asVars(value: unknown, what: string): Vars {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`extra vars ${what} must be a mapping`);
  return value as Vars;
}

export function parseExtraVars(values: string[]): Vars {
  const vars: Vars = {};
  for (const value of values) Object.assign(vars, parseOne(value.trim()));
  return vars;
}

function parseOne(value: string): Vars {
  if (value.startsWith('@')) return asVars(loadYaml(resolve(value.slice(1))), value);
  if (value.startsWith('{') || value.startsWith('[')) return asVars(parseYaml(value, '<-e>'), value);
  const vars: Vars = {};
  for (const word of splitWords(value)) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new UsageError(`extra vars: '${word}' is not key=value, JSON, or @file`);
    vars[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return vars;
}

// INI inventories, read as Ansible's `ini` inventory plugin reads them:
//
//   db1 ansible_port=2222      hosts before any section are `ungrouped`
//   [web]                      hosts of `web`: `name k=v k2="a b"`, ranges, `name:port`
//   [web:vars]                 one `key=value` a line, everything after `=` is the value
//   [prod:children]            one child group a line
//
// Lines starting with `#` or `;` are comments; on host lines `#` also starts a
// comment (shlex). Values are read as Python literals (see literal.ts), in
// host lines after shlex has removed the quotes and in `:vars` sections from
// the raw text, so `x="a b"` is the string `a b` in both.
// Where Ansible 2.19 rejects `[g:vars]` or `[p:children]` naming a group that
// no section declares, this creates the group, so sources can share groups.
import type { Location } from '../errors.js';
import { InventoryError } from '../errors.js';
import type { InventoryDraft } from './draft.js';
import { parseHostSpec } from './host-spec.js';
import { pythonLiteral } from './literal.js';
import type { Vars } from './model.js';
import { locatedAt } from './offset-error.js';
import { shlexSplit } from './shlex.js';

type SectionKind = 'hosts' | 'vars' | 'children';

interface Section {
  group: string;
  kind: SectionKind;
}

/** One meaningful line, trimmed, that can say where any of its characters is. */
interface Line {
  text: string;
  at(offset: number): Location;
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/;
const SECTION_LIKE = /^\[.*\]\s*(?:[#;].*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;
const KINDS = new Set<string>(['hosts', 'vars', 'children']);

export function parseIni(text: string, file: string, draft: InventoryDraft): void {
  let section: Section = { group: 'ungrouped', kind: 'hosts' };
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const indent = raw.length - raw.trimStart().length;
    const line: Line = { text: trimmed, at: (offset) => ({ file, line: index + 1, col: indent + offset + 1 }) };
    if (SECTION_LIKE.test(trimmed)) {
      section = parseSection(line);
      draft.group(section.group);
    } else if (section.kind === 'hosts') {
      parseHostLine(line, section.group, draft);
    } else if (section.kind === 'vars') {
      const [key, value] = parseAssignment(line.text, line, 0);
      draft.group(section.group).vars[key] = pythonLiteral(value.trim());
    } else {
      parseChildLine(line, section.group, draft);
    }
  });
}

function parseSection(line: Line): Section {
  const m = SECTION.exec(line.text);
  if (!m) {
    throw new InventoryError(
      `invalid section header '${line.text}': expected [group], [group:vars] or [group:children] with no spaces`,
      line.at(0),
    );
  }
  const [, group = '', kind = 'hosts'] = m;
  if (!KINDS.has(kind)) {
    throw new InventoryError(
      `unknown section type ':${kind}' in [${group}:${kind}]: expected :vars or :children`,
      line.at(group.length + 1),
    );
  }
  return { group, kind: kind as SectionKind };
}

/** `name[range][:port] k=v ...`: every host the name declares gets the variables. */
function parseHostLine(line: Line, group: string, draft: InventoryDraft): void {
  const [spec, ...assignments] = locatedAt(line.at(0), () => shlexSplit(line.text));
  if (!spec) return;
  const { names, port } = locatedAt(line.at(spec.offset), () => parseHostSpec(spec.text));
  const vars: Vars = port === undefined ? {} : { ansible_port: port };
  for (const word of assignments) {
    const [key, value] = parseAssignment(word.text, line, word.offset);
    vars[key] = pythonLiteral(value);
  }
  for (const name of names) draft.addHost(name, group, vars);
}

function parseChildLine(line: Line, parent: string, draft: InventoryDraft): void {
  const m = GROUP_NAME.exec(line.text);
  if (!m) throw new InventoryError(`expected one group name, got '${line.text}'`, line.at(0));
  draft.addChild(parent, m[1]!, line.at(0));
}

/** `key=value` split at the first `=`; `offset` is where `text` starts in the line. */
function parseAssignment(text: string, line: Line, offset: number): [string, string] {
  const eq = text.indexOf('=');
  if (eq < 0) throw new InventoryError(`expected key=value, got '${text}'`, line.at(offset));
  const key = text.slice(0, eq).trim();
  if (key === '') throw new InventoryError(`'${text}' has no variable name before '='`, line.at(offset));
  return [key, text.slice(eq + 1)];
}

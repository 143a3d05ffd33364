// Adjustments to a parsed template before it is compiled, and look-ups in it
// that let errors name the expression at fault.
import { CAPTURE, GET, TEXT, VAR, isHelperName } from './engine.js';

export type Program = hbs.AST.Program;
type Node = hbs.AST.Node;
type Call = hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement;
type Path = hbs.AST.PathExpression;

function isPath(n: Node | undefined): n is Path {
  return n?.type === 'PathExpression';
}

function isCall(n: Node): n is Call {
  return n.type === 'MustacheStatement' || n.type === 'SubExpression' || n.type === 'BlockStatement';
}

/** Calls a helper: has arguments, or is a sub-expression or a block. */
function callsHelper(n: Call): boolean {
  return n.type !== 'MustacheStatement' || n.params.length > 0 || n.hash !== undefined;
}

/** Every node of the tree, depth first, with the block parameters in force. */
function* walk(node: Node | undefined, params: string[] = []): Generator<{ node: Node; params: string[] }> {
  if (!node) return;
  yield { node, params };
  const n = node as unknown as Record<string, unknown>;
  if (node.type === 'Program') {
    const inner = [...params, ...((node as Program).blockParams ?? [])];
    for (const s of (node as Program).body) yield* walk(s, inner);
    return;
  }
  if (isCall(node)) {
    yield* walk(node.path, params);
    for (const p of node.params) yield* walk(p, params);
    for (const pair of node.hash?.pairs ?? []) yield* walk(pair.value, params);
  }
  yield* walk(n.program as Node | undefined, params);
  yield* walk(n.inverse as Node | undefined, params);
}

/**
 * Prepare a parsed template:
 * - `{{ name }}` with no arguments always reads the variable, even when a
 *   helper has that name (`{{ file }}`, `{{ first }}` are common variables);
 * - `a.b.c` never throws a TypeError when `a` is missing (see GET, VAR);
 * - outputs are always joined as text (see TEXT);
 * - a template that is exactly one helper call is wrapped so that the call's
 *   value is captured with its type (`{{ split csv "," }}` gives a list).
 * Returns whether the template is such a single call.
 */
export function prepare(ast: Program): boolean {
  const programs: Program[] = [];
  for (const { node, params } of walk(ast)) {
    if (node.type === 'Program') programs.push(node as Program);
    if (!isCall(node)) continue;
    node.params = node.params.map((p) => (isDeepPath(p) ? safePath(GET, p) : p));
    for (const pair of node.hash?.pairs ?? []) if (isDeepPath(pair.value)) pair.value = safePath(GET, pair.value);
    if (node.type !== 'MustacheStatement') continue;
    const m = node as hbs.AST.MustacheStatement;
    const path = m.path;
    if (!callsHelper(m) && isDeepPath(path)) {
      const call = safePath(VAR, path);
      [m.path, m.params, m.loc] = [call.path, call.params, path.loc]; // errors point at the path
      continue;
    }
    if (callsHelper(m) || !isPath(path) || path.data || path.depth > 0 || path.parts.length !== 1) continue;
    const name = path.parts[0]!;
    if (/^(\.|this\b)/.test(path.original) || params.includes(name) || !isHelperName(name)) continue;
    path.original = `./${path.original}`; // a scoped path is never taken for a helper
  }
  for (const p of programs) {
    const head = p.body[0] as hbs.AST.ContentStatement | undefined;
    if (p.body.length > 1 && !(head?.type === 'ContentStatement' && head.value !== '')) {
      const text: hbs.AST.MustacheStatement = {
        type: 'MustacheStatement',
        path: pathNode(TEXT, p.loc),
        params: [],
        hash: undefined as unknown as hbs.AST.Hash,
        escaped: false,
        strip: { open: false, close: false },
        loc: p.loc,
      };
      p.body.unshift(text);
    }
  }
  const only = ast.body.length === 1 ? ast.body[0] : undefined;
  if (only?.type !== 'MustacheStatement' || !callsHelper(only as hbs.AST.MustacheStatement)) return false;
  const m = only as hbs.AST.MustacheStatement;
  const call: hbs.AST.SubExpression = { type: 'SubExpression', path: m.path as Path, params: m.params, hash: m.hash, loc: m.loc };
  m.path = pathNode(CAPTURE, m.loc);
  m.params = [call];
  m.hash = undefined as unknown as hbs.AST.Hash;
  return true;
}

/** A path of several parts (`a.b`, `this.a.b`, `@root.a`). */
function isDeepPath(n: Node | undefined): n is Path {
  return isPath(n) && n.parts.length > 1;
}

function literal(value: string, loc: hbs.AST.SourceLocation): hbs.AST.StringLiteral {
  return { type: 'StringLiteral', value, original: value, loc };
}

function pathNode(name: string, loc: hbs.AST.SourceLocation, from?: Path): Path {
  if (!from) return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc };
  const scoped = /^(\.\/|this\.)/.test(from.original) ? './' : '';
  const original = `${from.data ? '@' : ''}${'../'.repeat(from.depth)}${scoped}${name}`;
  return { type: 'PathExpression', data: from.data, depth: from.depth, parts: [name], original, loc: from.loc };
}

/** `a.b.c` as `(helper "a.b.c" a "b" "c")`: Handlebars resolves `a`, the helper the rest. */
function safePath(helper: string, p: Path): hbs.AST.SubExpression {
  const [head, ...rest] = p.parts as [string, ...string[]];
  const params = [literal(p.original, p.loc), pathNode(head, p.loc, p), ...rest.map((r) => literal(r, p.loc))];
  return { type: 'SubExpression', path: pathNode(helper, p.loc), params, hash: undefined as unknown as hbs.AST.Hash, loc: p.loc };
}

function at(n: Node, line: number, column: number): boolean {
  return n.loc?.start.line === line && n.loc.start.column === column;
}

/** How an argument expression reads in an error message, or undefined for a literal. */
function spell(n: Node | undefined): string | undefined {
  if (isPath(n)) return n.original.replace(/^\.\//, '');
  if (n?.type === 'SubExpression') {
    const s = n as hbs.AST.SubExpression;
    if (s.path.original === GET) return String((s.params[0] as hbs.AST.StringLiteral).value);
    const args = s.params.map((p) => spell(p) ?? String((p as { original?: unknown }).original));
    return `(${[s.path.original, ...args].join(' ')})`;
  }
  return undefined;
}

/** The expression passed as argument `arg` to helper `name` called at line:column. */
export function argumentAt(ast: Program, name: string, line: number, column: number, arg: number): string | undefined {
  for (const { node } of walk(ast)) {
    if (isCall(node) && at(node, line, column) && isPath(node.path) && node.path.original === name) {
      return spell(node.params[arg]);
    }
  }
  return undefined;
}

/** The path written at line:column, and whether it is called as a helper there. */
export function pathAt(ast: Program, line: number, column: number): { path: string; called: boolean } | undefined {
  for (const { node } of walk(ast)) {
    if (isCall(node) && isPath(node.path) && at(node.path, line, column)) {
      return { path: spell(node.path)!, called: callsHelper(node) };
    }
    if (isPath(node) && at(node, line, column)) return { path: spell(node)!, called: false };
  }
  return undefined;
}

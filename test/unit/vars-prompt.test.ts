// vars_prompt without prompting, and the play's `order`, in-process: the
// values a play gets (from -e, from a default, hashed), the errors with their
// file:line:col, and how hosts are lined up. The same through the CLI on lab
// hosts: test/language/prompt-order.test.ts.
import test from 'ava';
import { inOrder } from '../../src/engine/batches.js';
import { MosipPlayError } from '../../src/errors.js';
import type { Vars } from '../../src/inventory/model.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import { secrets } from '../../src/secrets/registry.js';
import { shaCrypt } from '../../src/secrets/sha-crypt.js';
import { tempTree } from '../helpers/tmp.js';

function playFile(yaml: string, files: Record<string, string> = {}): string {
  return `${tempTree({ 'play.yml': yaml, ...files })}/play.yml`;
}

function load(yaml: string, extraVars: Vars = {}, listing = false) {
  return loadPlaybook(playFile(yaml), { extraVars, listing })[0]!;
}

const PROMPTS = `
- hosts: all
  vars: {base: fromplay, pw: playvalue}
  vars_prompt:
    - name: pw
      prompt: Password
    - name: who
      private: false
      default: "{{ base }}-x"
    - {name: num, default: 5}
    - {name: flag, default: false}
    - {name: empty, default: ""}
    - {name: hashed, default: secret, encrypt: sha512_crypt, salt: abcdefgh}
  tasks: []
`;

test('vars_prompt: defaults rendered once and made text as Ansible does; -e answers an entry', (t) => {
  const play = load(PROMPTS, { pw: 'from-extra-vars' });
  // What ansible-playbook 2.14 printed for the same play, stdin not a terminal and -e pw=....
  t.deepEqual(play.promptVars, {
    who: 'fromplay-x',
    num: '5',
    flag: 'False',
    empty: '',
    hashed: '$6$abcdefgh$ltjgWl6579NluT/Vi1nwEvcil.G5Nbc4NiXZaNGStk8PSwGfQv72N2CKPPrVACtLtip/cZ/1GM/O6IND4WQhG.',
  });
  t.is(play.vars.pw, 'playvalue', 'the -e value is an extra var and wins from there; play vars are untouched');
});

test('vars_prompt: a value given with -e is a secret unless private: false', (t) => {
  load(PROMPTS.replace('{name: num, default: 5}', '{name: num, private: true}'), { pw: 'typed-unseen-1', who: 'shown-name-1', num: 98765 });
  t.is(secrets.mask('typed-unseen-1 shown-name-1 98765'), '******** shown-name-1 ********');
});

test('vars_prompt: a default may use play vars and extra vars, not later levels', (t) => {
  const yaml = `
- hosts: all
  vars: {a: play}
  vars_prompt:
    - {name: x, default: "{{ a }}/{{ b }}"}
  tasks: []
`;
  t.is(load(yaml, { b: 'extra' }).promptVars.x, 'play/extra');
  const err = t.throws(() => load(yaml), { instanceOf: MosipPlayError });
  t.regex(err!.message, /undefined variable 'b'/);
  t.like(err!.location, { line: 5, col: 17 });
});

test('vars_prompt: vars_files paths can use the values', (t) => {
  const file = playFile(
    `
- hosts: all
  vars_files: ["{{ stage }}.yml"]
  vars_prompt:
    - {name: stage, default: dev}
  tasks: []
`,
    { 'dev.yml': 'where: dev\n', 'prod.yml': 'where: prod\n' },
  );
  t.is(loadPlaybook(file)[0]!.filesVars.where, 'dev');
  t.is(loadPlaybook(file, { extraVars: { stage: 'prod' } })[0]!.filesVars.where, 'prod');
});

test('vars_prompt: with no value and no default the load stops at the entry, saying how to pass it', (t) => {
  const err = t.throws(() => load(PROMPTS), { instanceOf: MosipPlayError });
  t.is(err!.message, `the play asks for 'pw' ("Password") and mosip-play never prompts`);
  t.is(err!.hint, 'give it with -e pw=..., or in a vars file with -e @file.yml');
  t.like(err!.location, { line: 5, col: 7 });
});

test('vars_prompt: --syntax-check and --list-* need no value, as in Ansible', (t) => {
  const play = load(PROMPTS, {}, true);
  t.false('pw' in play.promptVars);
  t.is(play.promptVars.who, 'fromplay-x');
});

test('vars_prompt: encrypt with a random salt makes a crypt(3) hash of the default', (t) => {
  const { h } = load(`
- hosts: all
  vars_prompt:
    - {name: h, default: pass, encrypt: sha256_crypt, salt_size: 10}
  tasks: []
`).promptVars as { h: string };
  const [, id, salt] = /^\$(5)\$([./0-9A-Za-z]{10})\$[./0-9A-Za-z]{43}$/.exec(h) ?? [];
  t.is(id, '5', h);
  t.is(shaCrypt('sha256_crypt', 'pass', salt!), h);
});

test('vars_prompt: an algorithm mosip-play cannot make is refused when it would be used, not when -e answers', (t) => {
  const yaml = `
- hosts: all
  vars_prompt:
    - {name: h, default: pass, encrypt: bcrypt}
  tasks: []
`;
  const err = t.throws(() => load(yaml), { instanceOf: MosipPlayError });
  t.regex(err!.message, /^'encrypt': sha512_crypt or sha256_crypt/);
  t.like(err!.location, { line: 4, col: 32 });
  t.is(load(yaml, { h: 'given' }).promptVars.h, undefined);
});

test('sha_crypt: the specification vectors and glibc crypt(3) output', (t) => {
  // https://www.akkadia.org/drepper/SHA-crypt.txt, and Python's crypt.crypt for the others.
  t.is(shaCrypt('sha512_crypt', 'Hello world!', 'saltstring'), '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1');
  t.is(shaCrypt('sha256_crypt', 'Hello world!', 'saltstring'), '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5');
  t.is(shaCrypt('sha512_crypt', '', 'x'), '$6$x$QSmr1Bx2g4O6BzKvdkgOcyU6H91X6I/XBv5pSalMhSPkwdH6Beo3F455xZJg0v//bxVK5F4OE5k1.0xuR26MK0');
  t.is(
    shaCrypt('sha256_crypt', 'a very long password that is longer than sixty four bytes for sure, yes indeed it is', '0123456789abcdefXYZ'),
    '$5$0123456789abcdef$bAH5nry4BnLeK6Dn3DApvQtR7o87.pkTCLlAIHx6SCA',
  );
  t.is(shaCrypt('sha512_crypt', 'ünï€', './AZaz09'), '$6$./AZaz09$jnkilrCkxYStl.fPig.4BTCrVuX9IAjj3VMjVQGoV.RvhRyKsNzeHwmZW1/K05Uxxl/o3JxVvXKNhu26oDM5N0');
});

test('order: hosts lined up as Ansible get_hosts(order=) does', (t) => {
  const hosts = ['web2', 'db10', 'web10', 'db9'];
  t.deepEqual(inOrder(hosts, 'inventory'), hosts);
  t.deepEqual(inOrder(hosts, 'reverse_inventory'), ['db9', 'web10', 'db10', 'web2']);
  t.deepEqual(inOrder(hosts, 'sorted'), ['db10', 'db9', 'web10', 'web2']);
  t.deepEqual(inOrder(hosts, 'reverse_sorted'), ['web2', 'web10', 'db9', 'db10']);
  t.deepEqual(hosts, ['web2', 'db10', 'web10', 'db9'], 'the play keeps its own list');
});

test('order: shuffle is a permutation, and not always the same one', (t) => {
  const hosts = Array.from({ length: 8 }, (_, i) => `h${i}`);
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const shuffled = inOrder(hosts, 'shuffle');
    t.deepEqual([...shuffled].sort(), hosts);
    seen.add(shuffled.join());
  }
  t.true(seen.size > 1);
});

test('order: loaded from the play, inventory by default', (t) => {
  t.is(load('- {hosts: all, tasks: []}').order, 'inventory');
  t.is(load('- {hosts: all, order: reverse_sorted, tasks: []}').order, 'reverse_sorted');
});

// template on lab host h05: rendered with the task's variables, applied,
// converged, check-run from a different starting state and diffed; an
// undefined variable names the template file, line and column.
import test from 'ava';
import { resolve } from 'node:path';
import { REPO, recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h05';
const DIR = '/srv/mp-test/files/template';
const TEMPLATES = resolve(REPO, 'test/fixtures/modules/template/templates');

const rendered = (port: number) => `# managed by mosip-play\nport=${port}\nhost=${H}\nuser=ana\nuser=bo\n`;

const playFor = (P: string, port: number) => `
- hosts: ${H}
  gather_facts: false
  vars:
    port: ${port}
    users: [ana, bo]
  tasks:
    - template: { src: ${TEMPLATES}/app.conf.j2, dest: ${P}/app.conf, mode: '0600', owner: daemon }
    - template: { src: ${TEMPLATES}/app.conf.j2, dest: ${P}/etc, backup: true }
`;

test('renders, converges, check-runs without touching the host, and shows the diff', async (t) => {
  const P = `${DIR}/main`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P}/etc`);
  const first = await play(playFor(P, 8080));
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { ok: 2, changed: 2, failed: 0 });
  t.is(await onHost(H, `cat ${P}/app.conf && stat -c '%a %U' ${P}/app.conf ${P}/etc/app.conf.j2`), `${rendered(8080)}600 daemon\n644 root`);
  t.is(await onHost(H, `cat ${P}/etc/app.conf.j2`), rendered(8080).trimEnd(), 'an existing directory receives the file under the template name');

  const again = await play(playFor(P, 8080));
  t.like(recapOf(again.stdout, H), { ok: 2, changed: 0, failed: 0 });

  const paths = [`${P}/app.conf`, `${P}/etc/app.conf.j2`];
  const before = await fingerprint(H, paths);
  const check = await play(playFor(P, 9090), ['--check', '--diff']);
  t.is(check.code, 0, check.stdout);
  t.like(recapOf(check.stdout, H), { changed: 2, failed: 0 });
  t.is(await fingerprint(H, paths), before, 'check mode changed nothing');
  t.regex(check.stdout, /--- \/srv\/mp-test\/files\/template\/main\/app.conf \(before\)\n\+\+\+ .*\n@@ .* @@\n # managed by mosip-play\n-port=8080\n\+port=9090\n host=h05/);
});

test('an undefined variable names the template file, line and column, and writes nothing', async (t) => {
  const P = `${DIR}/broken`;
  await onHost(H, `rm -rf ${P} && mkdir -p ${P} && echo keep > ${P}/out`);
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  vars: { port: 1, nested: {} }
  tasks:
    - template: src=${TEMPLATES}/broken.j2 dest=${P}/out
`);
  t.is(run.code, 2, run.stdout);
  t.true(run.stdout.includes(`"msg":"${TEMPLATES}/broken.j2:4:6: undefined variable 'nested.missing'"`), run.stdout);
  t.is(await onHost(H, `cat ${P}/out; ls -A ${P}`), 'keep\nout');
});

// get_url on lab host h06, downloading for real from an HTTP server this test
// starts on the lab bridge (10.213.0.1, a free high port) and closes at the
// end. curl is the host's default downloader; PATHs without curl (and
// without both) make the host look like one that only has wget (or neither).
import test from 'ava';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recapOf } from '../helpers/cli.js';
import { fingerprint, onHost, play } from '../helpers/play.js';

const H = 'h06';
const DIR = '/srv/mp-test/edit/get_url';
const BODY = 'port=8080\n';
const SHA256 = createHash('sha256').update(BODY).digest('hex');
const NO_CURL = `${DIR}/bin-without-curl`;
const NO_TOOLS = `${DIR}/bin-without-curl-wget`;

let server: Server;
let base: string;

test.before(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://lab').pathname;
    if (path === '/app.conf') res.end(BODY);
    else if (path === '/secret' && req.headers['x-token'] === 's3cret') res.end('granted\n');
    else res.writeHead(path === '/secret' ? 403 : 404).end('no\n');
  });
  await new Promise<void>((ok) => server.listen(0, '10.213.0.1', ok));
  base = `http://10.213.0.1:${(server.address() as AddressInfo).port}`;
  await onHost(H, 'for t in curl wget; do command -v $t >/dev/null || miss=1; done; [ -z "$miss" ] || { apt-get update -qq && apt-get install -y -qq curl wget; } >/dev/null 2>&1');
  await onHost(H, [
    `rm -rf ${DIR} && mkdir -p ${NO_CURL} ${NO_TOOLS}`,
    `for f in /usr/bin/*; do case \${f##*/} in curl) ;; wget) ln -s "$f" ${NO_CURL}/ ;; *) ln -s "$f" ${NO_CURL}/; ln -s "$f" ${NO_TOOLS}/ ;; esac; done`,
  ].join('\n'));
});

test.after.always(() => {
  server?.close();
});

const getUrl = (args: Record<string, unknown>, extra = ''): string => `
- hosts: ${H}
  gather_facts: false
  tasks:
    - get_url: ${JSON.stringify(args)}
${extra}`;

test.serial('downloads with a checksum, converges, check mode spots drift without touching it', async (t) => {
  const dest = `${DIR}/app.conf`;
  const yaml = getUrl({ url: `${base}/app.conf`, dest, checksum: `sha256:${SHA256}`, mode: '0640' });
  const first = await play(yaml, ['-D']);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { changed: 1 });
  t.true(first.stdout.includes(`${dest}: state absent -> downloaded\n${dest}: mode (none) -> 0640`), first.stdout);
  t.is(await onHost(H, `stat -c %a ${dest}; cat ${dest}; ls -A ${DIR} | grep -c mosip-play || true`), '640\nport=8080\n0');

  const again = await play(yaml);
  t.like(recapOf(again.stdout, H), { ok: 1, changed: 0 }, again.stdout);

  await onHost(H, `echo port=1 > ${dest}`);
  const before = await fingerprint(H, [dest]);
  const check = await play(yaml, ['--check', '-D']);
  t.like(recapOf(check.stdout, H), { changed: 1 }, check.stdout);
  t.true(check.stdout.includes(`${dest}: state file, checksum differs -> downloaded`), check.stdout);
  t.is(await fingerprint(H, [dest]), before);

  const repair = await play(yaml);
  t.like(recapOf(repair.stdout, H), { changed: 1 });
  t.is(await onHost(H, `cat ${dest}`), 'port=8080');
});

test.serial('without a checksum an existing file is kept unless force; force replaces only a different file', async (t) => {
  const dest = `${DIR}/kept.conf`;
  await onHost(H, `echo local > ${dest}`);
  const kept = await play(getUrl({ url: `${base}/app.conf`, dest }));
  t.like(recapOf(kept.stdout, H), { changed: 0 }, kept.stdout);
  t.is(await onHost(H, `cat ${dest}`), 'local');
  const forced = await play(getUrl({ url: `${base}/app.conf`, dest, force: true }));
  t.like(recapOf(forced.stdout, H), { changed: 1 }, forced.stdout);
  t.is(await onHost(H, `cat ${dest}`), 'port=8080');
  const same = await play(getUrl({ url: `${base}/app.conf`, dest, force: true }));
  t.like(recapOf(same.stdout, H), { changed: 0 }, same.stdout);
  const modeOnly = await play(getUrl({ url: `${base}/app.conf`, dest, mode: 'go-r' }), ['-D']);
  t.like(recapOf(modeOnly.stdout, H), { changed: 1 }, modeOnly.stdout);
  t.true(modeOnly.stdout.includes(`${dest}: mode 0644 -> 0600`), modeOnly.stdout);
  t.is(await onHost(H, `stat -c %a ${dest}`), '600');
});

test.serial('a checksum mismatch fails cleanly: no file at dest, no temp file, an existing dest untouched', async (t) => {
  await onHost(H, `mkdir -p ${DIR}/bad ${DIR}/bad2 && echo old > ${DIR}/bad2/app.conf`);
  const wrong = `sha256:${'0'.repeat(64)}`;
  const task = (dest: string): string => `    - get_url: ${JSON.stringify({ url: `${base}/app.conf`, dest, checksum: wrong })}\n      ignore_errors: true\n`;
  const run = await play(`- hosts: ${H}\n  gather_facts: false\n  tasks:\n${task(`${DIR}/bad/app.conf`)}${task(`${DIR}/bad2/app.conf`)}`);
  t.like(recapOf(run.stdout, H), { ignored: 2, changed: 0 }, run.stdout);
  t.regex(run.stdout, new RegExp(`The checksum for ${DIR}/bad/app.conf did not match 0{64}; it was ${SHA256}\\.`));
  t.is(await onHost(H, `ls -A ${DIR}/bad | wc -l; ls -A ${DIR}/bad2; cat ${DIR}/bad2/app.conf`), '0\napp.conf\nold');
});

test.serial('wget when curl is missing, request headers, HTTP errors, and neither tool', async (t) => {
  const secret = `${DIR}/secret.txt`;
  const run = await play(`
- hosts: ${H}
  gather_facts: false
  tasks:
    - get_url: { url: "${base}/secret", dest: ${secret}, headers: { X-Token: s3cret } }
      environment: { PATH: ${NO_CURL} }
    - get_url: { url: "${base}/secret", dest: ${DIR}/curl-secret.txt, headers: { X-Token: s3cret } }
    - get_url: { url: "${base}/missing", dest: ${DIR}/missing.txt }
      ignore_errors: true
    - get_url: { url: "${base}/secret", dest: ${DIR}/wget-403.txt }
      environment: { PATH: ${NO_CURL} }
      ignore_errors: true
    - get_url: { url: "${base}/app.conf", dest: ${DIR}/none.txt }
      environment: { PATH: ${NO_TOOLS} }
      ignore_errors: true
    - name: an existing file needs no downloader
      get_url: { url: "${base}/app.conf", dest: ${secret} }
      environment: { PATH: ${NO_TOOLS} }
`);
  t.like(recapOf(run.stdout, H), { changed: 2, ignored: 3, failed: 0 }, run.stdout);
  t.is(await onHost(H, `cat ${secret} ${DIR}/curl-secret.txt; ls ${DIR} | grep -c -e missing -e 403 -e none -e mosip-play || true`), 'granted\ngranted\n0');
  t.regex(run.stdout, /"msg":"Request failed: curl: \(22\) The requested URL returned error: 404"/);
  t.regex(run.stdout, /"msg":"Request failed: wget exit 8, HTTP\/1\.1 403 Forbidden"/);
  t.regex(run.stdout, /get_url needs curl or wget on the host; neither is installed/);
});

test.serial('a directory as dest takes the file name from the URL', async (t) => {
  await onHost(H, `mkdir -p ${DIR}/d`);
  const yaml = getUrl({ url: `${base}/app.conf?x=1`, dest: `${DIR}/d/` }, `      register: r\n    - assert: { that: [ 'r.dest == "${DIR}/d/app.conf"' ] }`);
  const first = await play(yaml);
  t.is(first.code, 0, first.stdout);
  t.like(recapOf(first.stdout, H), { changed: 1 });
  t.is(await onHost(H, `cat ${DIR}/d/app.conf`), 'port=8080');
  const again = await play(yaml);
  t.like(recapOf(again.stdout, H), { changed: 0 }, again.stdout);
});

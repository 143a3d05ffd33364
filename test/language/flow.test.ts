// Control flow through the real CLI on lab hosts: blocks, handlers, loops,
// retries, run_once, delegate_to, serial, failure thresholds, no_log.
import test from 'ava';
import { recapOf } from '../helpers/cli.js';
import { onHost, play } from '../helpers/play.js';

const H3 = 'h01:h02:h03';

test('rescue runs after a failure, always after both; the host counts as rescued', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - block:
        - command: /bin/false
        - debug: {msg: never here}
      rescue:
        - debug: {msg: rescued}
        - set_fact: {rescued: true}
      always:
        - debug: {msg: always ran}
    - block:
        - debug: {msg: fine}
      always:
        - debug: {msg: always after success}
    - assert: {that: rescued}
`);
  t.is(run.code, 0, run.stdout);
  t.false(run.stdout.includes('never here'));
  t.true(run.stdout.includes('"msg": "always ran"'));
  t.true(run.stdout.includes('"msg": "always after success"'));
  t.like(recapOf(run.stdout, 'h01'), { failed: 0, rescued: 1 });
});

test('a failure without rescue still runs always, then the host stops', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - block:
        - command: /bin/false
      always:
        - debug: {msg: cleanup}
    - debug: {msg: after}
`);
  t.is(run.code, 2);
  t.true(run.stdout.includes('"msg": "cleanup"'));
  t.false(run.stdout.includes('"msg": "after"'));
});

test('a handler notified twice runs once, at the end of the section, only where something changed', async (t) => {
  const run = await play(`
- hosts: ${H3}
  gather_facts: false
  tasks:
    - command: echo one
      notify: restart thing
      changed_when: inventory_hostname != "h03"
    - command: echo two
      notify: [restart thing, also listening]
    - debug: {msg: last task}
  handlers:
    - name: restart thing
      command: echo handler ran
      register: handler_result
    - name: by listen
      listen: also listening
      debug: {msg: listened}
`);
  t.is(run.code, 0, run.stdout);
  const handlerRuns = run.stdout.split('RUNNING HANDLER [restart thing]').length - 1;
  t.is(handlerRuns, 1);
  t.true(run.stdout.indexOf('TASK [debug]') < run.stdout.indexOf('RUNNING HANDLER'));
  t.true(run.stdout.includes('RUNNING HANDLER [by listen]'));
  t.like(recapOf(run.stdout, 'h01'), { changed: 3 });
});

test('meta: flush_handlers runs notified handlers early', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - command: echo x
      notify: h
    - meta: flush_handlers
    - debug: {msg: after flush}
  handlers:
    - name: h
      debug: {msg: handler}
`);
  t.is(run.code, 0, run.stdout);
  t.true(run.stdout.indexOf('RUNNING HANDLER [h]') < run.stdout.indexOf('after flush'));
});

test('loops: items, per-item when, loop_control, and registered results', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - command: "echo {{ name }}-{{ idx }}"
      loop: [a, b, c]
      loop_control: {loop_var: name, index_var: idx}
      when: name != "b"
      register: out
    - assert:
        that:
          - size(out.results) == 3
          - out.results[0].stdout == "a-0"
          - out.results[1].skipped
          - out.results[2].stdout == "c-2"
          - out.changed
    - debug: {msg: "{{ item.key }}={{ item.value }}"}
      with_dict: {x: 1}
    - debug: {msg: "{{ item }}"}
      with_items: [[1, 2], 3]
      register: flat
    - assert: {that: size(flat.results) == 3}
`);
  t.is(run.code, 0, run.stdout);
  t.regex(run.stdout, /changed: \[h01\] => \(item=a\)/);
  t.regex(run.stdout, /skipping: \[h01\] => \(item=b\)/);
  t.true(run.stdout.includes('"msg": "x=1"'));
});

test('until retries a task until its condition holds', async (t) => {
  const marker = `/tmp/mp-until-${process.pid}`;
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - shell: "echo x >> ${marker}; wc -l < ${marker}"
      register: r
      until: r.stdout == "3"
      retries: 5
      delay: 0
    - assert: {that: r.attempts == 3}
    - command: /bin/false
      register: never
      until: never.rc == 0
      retries: 1
      delay: 0
      ignore_errors: true
    - assert: {that: never.failed and never.attempts == 2}
    - command: rm -f ${marker}
`);
  t.is(run.code, 0, run.stdout);
});

test('run_once runs on one host and shares its result; delegate_to runs elsewhere', async (t) => {
  const run = await play(`
- hosts: ${H3}
  gather_facts: false
  tasks:
    - command: hostname
      run_once: true
      register: once
    - assert: {that: once.stdout == "h01"}
    - command: hostname
      delegate_to: h02
      register: delegated
      changed_when: false
    - assert: {that: delegated.stdout == "h02"}
    - command: uname -n
      delegate_to: localhost
      register: local
      changed_when: false
    - assert: {that: local.stdout != inventory_hostname}
`);
  t.is(run.code, 0, run.stdout);
  t.is(run.stdout.match(/changed: \[h0\d\]/g)?.length, 1, 'run_once ran the command on one host');
});

test('serial: 2 runs five hosts in batches of 2, 2, 1', async (t) => {
  const run = await play(`
- hosts: h01:h02:h03:h05:h10
  gather_facts: false
  serial: 2
  tasks:
    - debug: {msg: "{{ ansible_play_batch }}"}
`);
  t.is(run.code, 0, run.stdout);
  const batches = [...run.stdout.matchAll(/"msg": \[([^\]]*)\]/g)].map((m) => m[1]!.replace(/\s+/g, ''));
  t.deepEqual([...new Set(batches)], ['"h01","h02"', '"h03","h05"', '"h10"']);
});

test('max_fail_percentage stops the run once exceeded', async (t) => {
  const run = await play(`
- hosts: h01:h02:h03
  gather_facts: false
  serial: 3
  max_fail_percentage: 30
  tasks:
    - fail: {msg: down}
      when: inventory_hostname == "h01"
- hosts: h02
  gather_facts: false
  tasks:
    - debug: {msg: second play}
`);
  t.is(run.code, 2);
  t.regex(run.stdout, /more than 30% of the hosts/);
  t.false(run.stdout.includes('second play'), 'as Ansible, the run ends there');
});

test('any_errors_fatal stops every host', async (t) => {
  const run = await play(`
- hosts: ${H3}
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - fail: {msg: down}
      when: inventory_hostname == "h02"
    - debug: {msg: not reached}
`);
  t.is(run.code, 2);
  t.false(run.stdout.includes('not reached'));
});

test('no_log values appear nowhere in the output, even at -vvv', async (t) => {
  const secret = `s3cret-${process.pid}`;
  const run = await play(
    `
- hosts: h01
  gather_facts: false
  tasks:
    - command: "echo ${secret}"
      no_log: true
    - command: /bin/false
      args: {stdin: "${secret}"}
      no_log: true
      ignore_errors: true
    - debug: {msg: "{{ item }}"}
      loop: ["${secret}"]
      no_log: true
`,
    ['-vvv'],
  );
  t.is(run.code, 0, run.stdout);
  t.false(run.stdout.includes(secret));
  t.false(run.stderr.includes(secret));
  t.regex(run.stdout, /censored/);
});

test('check mode: a task depending on a result check mode skipped is unknown, not failed', async (t) => {
  const run = await play(
    `
- hosts: h01
  gather_facts: false
  tasks:
    - command: cat /etc/hostname
      register: probe
    - debug: {msg: "{{ probe.stdout }}"}
    - command: echo only if
      when: probe.rc == 0
    - command: cat /etc/hostname
      register: real_probe
      check_mode: false
      changed_when: false
    - debug: {msg: "{{ real_probe.stdout }}"}
`,
    ['--check'],
  );
  t.is(run.code, 0, run.stdout);
  t.is(run.stdout.match(/unknown: \[h01\] => .*depends on 'probe'/g)?.length, 2);
  t.true(run.stdout.includes('"msg": "h01"'), 'check_mode: false probes really run');
  t.like(recapOf(run.stdout, 'h01'), { failed: 0, skipped: 3 });
});

test('check mode: a file whose directory an earlier task would create is unknown, not failed', async (t) => {
  const dir = `/tmp/mp-unknown-${process.pid}`;
  const run = await play(
    `
- hosts: h01
  gather_facts: false
  tasks:
    - file: {path: ${dir}, state: directory}
    - copy: {content: "x\\n", dest: ${dir}/f.txt}
`,
    ['--check'],
  );
  t.is(run.code, 0, run.stdout);
  t.regex(run.stdout, /unknown: \[h01\] => .*does not exist \(yet/);
});

test('any_errors_fatal and a batch where every host failed end the run: later plays do not run', async (t) => {
  const fatal = await play(`
- hosts: h01:h02
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - fail: {msg: boom}
      when: inventory_hostname == "h01"
- hosts: h01:h02
  gather_facts: false
  tasks:
    - debug: {msg: play2 ran}
`);
  t.is(fatal.code, 2);
  t.false(fatal.stdout.includes('play2 ran'));
  const allFailed = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - fail: {msg: boom}
- hosts: h02
  gather_facts: false
  tasks:
    - debug: {msg: play2 ran}
`);
  t.is(allFailed.code, 2);
  t.false(allFailed.stdout.includes('play2 ran'));
});

test('task names are templated with the play variables', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  vars: {iface: wg0}
  tasks:
    - name: "configure {{ iface }} on {{ inventory_hostname }}"
      debug: {msg: x}
`);
  t.is(run.code, 0, run.stdout);
  t.regex(run.stdout, /TASK \[configure wg0 on h01\]/);
});

test('a fact holding literal braces stays as set; a register may share a lazy variable name', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  vars:
    x: "{{ ansible_check_mode }}"
  tasks:
    - set_fact: {helm_text: "{{raw_braces}}"}
      vars: {raw_braces: "\\\\{{ .Values.host }}"}
    - debug: {msg: "{{ helm_text }}"}
    - command: "true"
      register: x
      changed_when: x.rc != 0
`);
  t.is(run.code, 0, run.stdout + run.stderr);
  t.true(run.stdout.includes('"msg": "{{ .Values.host }}"'), run.stdout);
});

test('timeout fails a task that takes too long, as Ansible words it, and ends its command on the host', async (t) => {
  const token = `${process.pid}.${Date.now() % 1000}`;
  const started = Date.now();
  const run = await play(`
- hosts: h01
  gather_facts: false
  timeout: 30
  tasks:
    - name: hangs
      shell: "sleep 60 && echo late; sleep ${token}"
      timeout: 2
      register: slow
      ignore_errors: true
    - name: fast enough under the play's limit
      command: echo quick
      register: quick
    - assert:
        that: ["slow.failed", "slow.timedout.period == 2", "quick.stdout == 'quick'"]
`);
  t.is(run.code, 0, run.stdout);
  t.true(Date.now() - started < 30_000, 'the run waited for the hung command');
  t.regex(run.stdout, /The shell action failed to execute in the expected time frame \(2\) and was terminated/);
  // The command got the limit plus a second (and KILL 5 s after TERM at worst).
  await new Promise((r) => setTimeout(r, 2500));
  t.is(await onHost('h01', `pgrep -f 'slee[p] ${token}' || pgrep -fx 'sleep 60' || echo none`), 'none');
});

test('the diff keyword shows one task\'s differences without -D, and hides them with -D', async (t) => {
  const dir = `/tmp/diff-keyword-${process.pid}`;
  const run = (args: string[]) =>
    play(
      `
- hosts: h01
  gather_facts: false
  tasks:
    - file: {path: ${dir}, state: absent}
    - copy: {dest: ${dir}-shown, content: "shown-line\\n"}
      diff: true
    - copy: {dest: ${dir}-hidden, content: "hidden-line\\n"}
      diff: false
`,
      args,
    );
  await onHost('h01', `rm -f ${dir}-shown ${dir}-hidden`);
  const plain = await run([]);
  t.is(plain.code, 0, plain.stdout);
  t.regex(plain.stdout, /^\+shown-line$/m);
  t.notRegex(plain.stdout, /hidden-line/);
  await onHost('h01', `rm -f ${dir}-shown ${dir}-hidden`);
  const withD = await run(['-D']);
  t.regex(withD.stdout, /^\+shown-line$/m);
  t.notRegex(withD.stdout, /hidden-line/);
  await onHost('h01', `rm -f ${dir}-shown ${dir}-hidden`);
});

test('loop_control extended sets ansible_loop, pause waits between items; with_items takes a lone value', async (t) => {
  const started = Date.now();
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - debug: {msg: "{{ ansible_loop.index }}/{{ ansible_loop.length }} first={{ ansible_loop.first }} last={{ ansible_loop.last }} prev={{default ansible_loop.previtem '-'}} next={{default ansible_loop.nextitem '-'}} all={{join ansible_loop.allitems ','}}"}
      loop: [a, b, c]
      loop_control: {extended: true, pause: 1}
    - debug: {msg: "lone {{ item }}"}
      with_items: 5
`);
  t.is(run.code, 0, run.stdout);
  t.true(Date.now() - started >= 2000, 'no pause between the three items');
  t.regex(run.stdout, /"1\/3 first=true last=false prev=- next=b all=a,b,c"/);
  t.regex(run.stdout, /"2\/3 first=false last=false prev=a next=c all=a,b,c"/);
  t.regex(run.stdout, /"3\/3 first=false last=true prev=b next=- all=a,b,c"/);
  t.regex(run.stdout, /"lone 5"/);
});

test('an error met while running a task keeps its did-you-mean', async (t) => {
  const run = await play(`
- hosts: h01
  gather_facts: false
  tasks:
    - debug: {msg: "{{uppr 'x'}}"}
`);
  t.is(run.code, 2, run.stdout);
  t.regex(run.stdout, /unknown helper 'uppr'.*did you mean 'upper'/);
});

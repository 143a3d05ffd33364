// Each file under test/fixtures/broken/ is one mistake users make; its first
// line says where the error must point and what it must say.
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MosipPlayError } from '../../src/errors.js';
import { loadPlaybook } from '../../src/playbook/load.js';

const dir = resolve('test/fixtures/broken');

for (const name of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
  test(`broken playbook ${name}`, (t) => {
    const file = join(dir, name);
    // `# expect: [other/file:]line:col message-regex`: where the error must point and what it must say.
    const [, other, line, col, pattern] = /^# expect: (?:(\S+):)?(\d+):(\d+) (.*)$/m.exec(readFileSync(file, 'utf8'))!;
    const err = t.throws(() => loadPlaybook(file), { instanceOf: MosipPlayError });
    t.deepEqual(err?.location, { file: other ? join(dir, other) : file, line: Number(line), col: Number(col) });
    const shown = err?.hint ? `${err.message} (${err.hint})` : err?.message;
    t.regex(shown ?? '', new RegExp(`^${pattern}`));
  });
}

test('modules are found by their collection names as Ansible roles write them', async (t) => {
  const { findModule } = await import('../../src/modules/index.js');
  for (const name of ['ansible.builtin.command', 'ansible.posix.sysctl', 'community.general.ufw', 'community.general.modprobe']) {
    t.truthy(findModule(name), name);
  }
  t.falsy(findModule('community.docker.docker_container'));
});

// The exact command line a host's login shell receives.
import test from 'ava';
import { commandLine, scriptArgv } from '../../src/connection/command.js';

test('a script is handed to /bin/sh in single quotes, whatever it contains', (t) => {
  t.is(commandLine(scriptArgv(`echo 'a b' "$HOME"`, undefined, 'root')), `exec /bin/sh -c 'echo '\\''a b'\\'' "$HOME"'`);
});

test('become goes through sudo that never prompts, and is skipped for the login user', (t) => {
  t.deepEqual(scriptArgv('id', { user: 'postgres' }, 'root'), ['sudo', '-n', '-H', '-u', 'postgres', '--', '/bin/sh', '-c', 'id']);
  t.deepEqual(scriptArgv('id', { user: 'root' }, 'root'), ['/bin/sh', '-c', 'id']);
});

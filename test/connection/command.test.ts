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

test('a time limit runs the script under coreutils timeout, inside sudo so it ends the become user\'s processes', (t) => {
  t.deepEqual(scriptArgv('id', undefined, 'root', 7), ['timeout', '-k', '5', '7s', '/bin/sh', '-c', 'id']);
  t.deepEqual(scriptArgv('id', { user: 'postgres' }, 'root', 7), ['sudo', '-n', '-H', '-u', 'postgres', '--', 'timeout', '-k', '5', '7s', '/bin/sh', '-c', 'id']);
});

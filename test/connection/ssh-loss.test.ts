// A host that goes away in the middle of a session. The sshd process serving this connection
// is killed, which looks the same to the client as the host halting, without taking a shared
// lab host away from test files that run at the same time.
import test from 'ava';
import { ConnectionPool, HostUnreachableError, connectionSettings } from '../../src/connection/index.js';
import { labHost, labVars } from '../helpers/lab.js';

const h01 = labHost('h01');
const pool = new ConnectionPool();
test.after.always(() => pool.closeAll());

// Walks up from the script's shell to the sshd process that serves this connection.
const KILL_OWN_SSHD = `pid=$$
while [ "$(cat /proc/$pid/comm)" != sshd ]; do pid=$(cut -d' ' -f4 /proc/$pid/stat); done
kill -KILL $pid`;

test('pending and later execs fail with HostUnreachableError(closed), and nothing crashes', async (t) => {
  const conn = pool.get(h01.name, connectionSettings(h01.name, labVars(h01), {}));
  const expectLost = async (work: Promise<unknown>) => {
    const err = await t.throwsAsync(work, { instanceOf: HostUnreachableError });
    t.is(err?.reason, 'closed');
    t.regex(err?.message ?? '', /^connection to h01 lost: /);
  };
  const pending = conn.exec('sleep 30');
  await expectLost(Promise.all([pending, conn.exec(KILL_OWN_SSHD)]));
  await expectLost(pending);
  await expectLost(conn.exec('echo later'));
  await expectLost(conn.open());
});

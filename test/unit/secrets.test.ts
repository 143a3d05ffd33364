import test from 'ava';
import { SecretRegistry } from '../../src/secrets/registry.js';

test('masks every registered value wherever it appears, longest first', (t) => {
  const s = new SecretRegistry();
  s.add('hunter2-pass');
  s.add('hunter2-pass-extended');
  t.is(s.mask('a hunter2-pass-extended b hunter2-pass c'), 'a ******** b ******** c');
  t.true(s.within('x hunter2-pass'));
  t.false(s.within('nothing here'));
});

test('regex characters in secrets are literal; short values are not secrets', (t) => {
  const s = new SecretRegistry();
  s.add('a.b*c(d)');
  s.add('ab');
  t.is(s.mask('a.b*c(d) axbbc ab'), '******** axbbc ab');
});

test('multi-line secrets are masked line by line too', (t) => {
  const s = new SecretRegistry();
  s.add('-----BEGIN KEY-----\nMIIEowIBAAKCAQEA\n-----END KEY-----');
  t.is(s.mask('+MIIEowIBAAKCAQEA'), '+********');
});

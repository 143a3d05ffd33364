// docs/modules.md and mosip-play.schema.json are generated from the module
// schemas; a schema change without `npm run docs` fails here.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { jsonSchema, markdown } from '../../src/cli/schema.js';

test('docs/modules.md is up to date with the module schemas', (t) => {
  t.is(readFileSync('docs/modules.md', 'utf8'), `${markdown()}\n`);
});

test('mosip-play.schema.json is up to date', (t) => {
  t.deepEqual(JSON.parse(readFileSync('mosip-play.schema.json', 'utf8')), jsonSchema());
});

test('every module documents every argument', (t) => {
  const undocumented = [...markdown().matchAll(/^\| `(\w+)` \|[^|]*\|[^|]*\|[^|]*\|\s*\|$/gm)].map((m) => m[1]);
  t.deepEqual(undocumented, []);
});

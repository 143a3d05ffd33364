// `set_fact`: sets host variables for the rest of the run (above play and
// task vars, below extra vars).
import { z } from 'zod';
import { defineModule } from './types.js';

const args = z.record(z.string().regex(/^[A-Za-z_]\w*$/, 'not a valid variable name'), z.unknown());

export default defineModule({
  name: 'set_fact',
  args,
  controllerOnly: true,
  async run(a) {
    const { cacheable: _ignored, ...vars } = a;
    return { changed: false, ansible_facts: vars, setVars: vars };
  },
});

// `include_vars`: reads a YAML/JSON vars file on the controller (vaulted files
// and !vault values too) and sets its variables on the host for the rest of
// the run, at set_fact level. A relative file is looked for in vars/ beside
// the role or playbook, then beside them.
import { z } from 'zod';
import { ModuleError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { layerOver } from '../vars/scope.js';
import { loadYaml } from '../vault/run-vault.js';
import { defineModule } from './types.js';

const args = z.strictObject({
  file: z.string().describe('The vars file (YAML or JSON), relative to vars/ of the role or playbook, or absolute.'),
  name: z.string().regex(/^[A-Za-z_]\w*$/).optional().describe('Put the variables under this one name instead of at the top level.'),
});

export default defineModule({
  name: 'include_vars',
  args,
  freeForm: 'file',
  controllerOnly: true,
  async run(a, ctx) {
    const path = ctx.findFile('vars', a.file);
    const data = loadYaml(path);
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) throw new ModuleError(`${path} must hold a mapping of variables`);
    // Set at set_fact level, where nothing is templated again: rendered now, against the task's
    // variables and the file's own (`b: "{{ a }}"` beside `a`); `!unsafe` values become plain text.
    const file = (data ?? {}) as Vars;
    const scope = layerOver(ctx.vars, file);
    const rendered = Object.fromEntries(Object.keys(file).map((key) => [key, scope[key]]));
    const vars = a.name ? { [a.name]: rendered } : rendered;
    return { changed: false, ansible_included_var_files: [path], setVars: vars, ansible_facts: vars };
  },
});

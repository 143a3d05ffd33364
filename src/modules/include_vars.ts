// `include_vars`: reads a YAML/JSON vars file on the controller (vaulted files
// and !vault values too) and sets its variables on the host for the rest of
// the run, at set_fact level. A relative file is looked for in vars/ beside
// the role or playbook, then beside them.
import { z } from 'zod';
import type { Location } from '../errors.js';
import { ModuleError, TemplateError } from '../errors.js';
import type { Vars } from '../inventory/model.js';
import { renderValue } from '../template/render.js';
import { unwrapUnsafe } from '../template/unsafe.js';
import { loadYaml } from '../vault/run-vault.js';
import { defineModule } from './types.js';

const args = z.strictObject({
  file: z.string().describe('The vars file (YAML or JSON), relative to vars/ of the role or playbook, or absolute.'),
  name: z.string().regex(/^[A-Za-z_]\w*$/).optional().describe('Put the variables under this one name instead of at the top level.'),
});

/** The file's values rendered lazily over the task's scope, each once, so they may refer to one another. */
function renderFile(data: Vars, scope: Vars, where: Location | undefined): Vars {
  const layer = Object.create(scope) as Vars;
  const rendering = new Set<string>();
  for (const [key, value] of Object.entries(data)) {
    Object.defineProperty(layer, key, {
      enumerable: true,
      configurable: true,
      get() {
        if (rendering.has(key)) throw new TemplateError(`variable '${key}' refers to itself`, where);
        rendering.add(key);
        const done = renderValue(value, layer, where);
        Object.defineProperty(layer, key, { value: done, enumerable: true });
        return done;
      },
    });
  }
  return Object.fromEntries(Object.keys(data).map((key) => [key, layer[key]]));
}

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
    const rendered = unwrapUnsafe(renderFile((data ?? {}) as Vars, ctx.vars, ctx.where)) as Vars;
    const vars = a.name ? { [a.name]: rendered } : rendered;
    return { changed: false, ansible_included_var_files: [path], setVars: vars, ansible_facts: vars };
  },
});

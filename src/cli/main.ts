// Where a run begins: parse the command line, load the inventory, pick a
// reporter, hand the playbook to the engine, and turn the outcome into an
// exit code (see docs/exit-codes.md).
import pc from 'picocolors';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { RunOptions } from '../engine/options.js';
import { runPlays } from '../engine/run-playbook.js';
import { MosipPlayError, UsageError, formatError } from '../errors.js';
import { loadInventory } from '../inventory/index.js';
import { PlainReporter } from '../output/plain.js';
import type { Reporter } from '../output/reporter.js';
import { loadPlaybook } from '../playbook/load.js';
import { secrets } from '../secrets/registry.js';
import { yaml11Booleans } from '../yaml/schema.js';
import { parseExtraVars } from './extra-vars.js';
import { jsonSchema, markdown } from './schema.js';
import { listHosts, listTags, listTasks } from './list.js';
import { loadVaultSecrets } from '../vault/sources.js';
import { useVault } from '../vault/run-vault.js';
import { VAULT_DESCRIBE, VAULT_OPTIONS, vaultCommands, vaultOptionsOf } from './vault.js';
import { EXIT } from '../exit-codes.js';

function parser(argv: string[]) {
  return yargs(argv)
    .scriptName('mosip-play')
    .usage('$0 <playbook..> [options]\n\nRun Ansible-style playbooks over SSH.')
    .command('schema', 'print the JSON Schema of playbooks (or, with --format markdown, the module reference)', (y) =>
      y.option('format', { choices: ['json', 'markdown'] as const, default: 'json' as const }),
    )
    .command('vault', VAULT_DESCRIBE, vaultCommands)
    .command('$0 <playbook..>', 'run one or more playbooks', (y) =>
      y.positional('playbook', { type: 'string', array: true, demandOption: true, describe: 'playbook file(s)' }),
    )
    .option('inventory', { alias: 'i', type: 'string', array: true, nargs: 1, default: [], describe: 'inventory file or directory (repeatable)' })
    .option('limit', {
      alias: 'l',
      type: 'string',
      describe: 'further limit hosts to this pattern (repeated: any of them)',
      coerce: (v: string | string[]) => (Array.isArray(v) ? v.join(':') : v),
    })
    .option('forks', { alias: 'f', type: 'number', default: 20, describe: 'hosts worked on in parallel' })
    .option('extra-vars', { alias: 'e', type: 'string', array: true, nargs: 1, default: [], describe: 'k=v, JSON/YAML, or @file (repeatable)' })
    .option('check', { alias: 'C', type: 'boolean', default: false, describe: 'change nothing; report what would change' })
    .option('diff', { alias: 'D', type: 'boolean', default: false, describe: 'show the differences of changed files' })
    .option('verbose', { alias: 'v', type: 'count', describe: 'more output (-v shows every result)' })
    .option('list-hosts', { type: 'boolean', default: false, describe: 'list the hosts each play would run on, then stop' })
    .option('syntax-check', { type: 'boolean', default: false, describe: 'check the playbook and inventory, then stop' })
    .option('tags', { alias: 't', type: 'string', array: true, nargs: 1, default: [], describe: 'only tasks with these tags (comma-separated or repeated)' })
    .option('skip-tags', { type: 'string', array: true, nargs: 1, default: [], describe: 'skip tasks with these tags' })
    .option('role', { type: 'string', describe: 'run only this role (and its dependencies) on the hosts of the plays that use it' })
    .option('deps', { type: 'boolean', default: true, describe: "with --role: include the role's dependencies (--no-deps leaves them out)" })
    .option('start-at-task', { type: 'string', describe: 'start the run at the task with this name' })
    .option('list-tasks', { type: 'boolean', default: false, describe: 'list the tasks that would run, then stop' })
    .option('list-tags', { type: 'boolean', default: false, describe: 'list the tags of the tasks, then stop' })
    .option('force-handlers', { type: 'boolean', default: false, describe: 'run notified handlers even on hosts that failed' })
    .option('user', { alias: 'u', type: 'string', describe: 'connect as this user (inventory ansible_user wins)' })
    .option('private-key', { alias: 'key-file', type: 'string', describe: 'SSH private key file' })
    .option('host-key-checking', { choices: ['strict', 'accept-new', 'off'] as const, describe: 'default strict' })
    .option('timeout', { alias: 'T', type: 'number', describe: 'SSH connect timeout in seconds (default 10)' })
    .option('become', { alias: 'b', type: 'boolean', describe: 'run operations with sudo -n' })
    .option('become-user', { type: 'string', describe: 'user to become (default root)' })
    .options(VAULT_OPTIONS)
    .check((a) => {
      if (!Number.isInteger(a.forks) || a.forks < 1) throw new UsageError('--forks must be a whole number of at least 1');
      return true;
    })
    .strict()
    .version()
    .help()
    .fail((msg, err) => {
      throw err instanceof MosipPlayError ? err : new UsageError(msg ?? err?.message ?? 'bad command line');
    });
}

/** `-t a,b -t c` → [a, b, c]; nothing given → the default. */
function splitList(values: string[], fallback: string[]): string[] {
  const out = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return out.length > 0 ? out : fallback;
}

async function pickReporter(verbosity: number): Promise<Reporter> {
  // A terminal without a size (a pty nobody sized, e.g. under `script` with no terminal) would
  // make the spinner erase an endless number of lines: plain output there.
  const sized = (process.stdout.columns ?? 0) > 0;
  const tty = Boolean(process.stdout.isTTY) && sized && !process.env.CI && process.env.TERM !== 'dumb';
  const color = (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR) || Boolean(process.env.FORCE_COLOR);
  const colors = pc.createColors(color);
  if (!tty) return new PlainReporter(verbosity, colors);
  // The spinner library is loaded only for a terminal (about 13 MiB).
  const { TtyReporter } = await import('../output/tty.js');
  return new TtyReporter(verbosity, colors);
}

export async function main(argv = hideBin(process.argv)): Promise<number> {
  try {
    const a = await parser(argv).parseAsync();
    if (a._[0] === 'schema') {
      process.stdout.write(a.format === 'markdown' ? `${markdown()}\n` : `${JSON.stringify(jsonSchema(), null, 2)}\n`);
      return EXIT.OK;
    }
    if (a._[0] === 'vault') return EXIT.OK; // the vault action ran in its handler, during parsing
    // Passwords first: inventories, vars files and playbooks may all hold vaulted values.
    useVault(await loadVaultSecrets(vaultOptionsOf(a)));
    const reporter = await pickReporter(a.verbose);
    const options: RunOptions = {
      inventory: loadInventory(a.inventory),
      limit: a.limit,
      forks: a.forks,
      check: a.check,
      diff: a.diff,
      extraVars: parseExtraVars(a['extra-vars']),
      verbosity: a.verbose,
      become: a.become,
      becomeUser: a['become-user'],
      connection: { user: a.user, privateKeyFile: a['private-key'], hostKeyChecking: a['host-key-checking'], timeoutSec: a.timeout },
      selection: {
        tags: splitList(a.tags, ['all']),
        skipTags: splitList(a['skip-tags'], []),
        role: a.role,
        noDeps: !a.deps,
        startAt: a['start-at-task'],
      },
      forceHandlers: a['force-handlers'],
      reporter,
    };
    const playbooks = a.playbook as string[];
    if (a['list-hosts'] || a['list-tasks'] || a['list-tags']) {
      const what = a['list-hosts'] ? listHosts : a['list-tasks'] ? listTasks : listTags;
      for (const p of playbooks) process.stdout.write(`${what(p, options)}\n`);
      return EXIT.OK;
    }
    if (a['syntax-check']) {
      for (const p of playbooks) loadPlaybook(p, { extraVars: options.extraVars, groups: options.inventory.groupMap(), listing: true });
      process.stdout.write(`\nplaybook: ${playbooks.join(', ')}\n`);
      return EXIT.OK;
    }
    // Every playbook is loaded and checked before the first connection.
    const plays = playbooks.flatMap((p) => loadPlaybook(p, { extraVars: options.extraVars, groups: options.inventory.groupMap() }));
    if (yaml11Booleans.seen > 0) {
      reporter.warn(`yes/no/on/off were read as booleans ${yaml11Booleans.seen} time(s), as Ansible reads them; write true/false to be unambiguous`);
    }
    return await runPlays(plays, options);
  } catch (err) {
    if (err instanceof MosipPlayError) {
      process.stderr.write(`${secrets.mask(formatError(err))}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(secrets.mask(`internal error (a bug in mosip-play, please report it):\n${(err as Error).stack ?? String(err)}\n`));
    return EXIT.INTERNAL;
  }
}

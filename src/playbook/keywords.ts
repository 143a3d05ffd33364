// Which Ansible keywords exist, and which of them mosip-play runs. A known
// keyword that is not supported is reported as such, never silently ignored.

/** Keywords a play, role entry, block or task may carry and pass down to its tasks. */
export const INHERITED_KEYWORDS = [
  'when', 'tags', 'vars', 'become', 'become_user', 'ignore_errors', 'no_log', 'check_mode', 'environment',
  'delegate_to', 'run_once', 'throttle', 'any_errors_fatal', 'timeout', 'diff', 'connection', 'remote_user', 'port',
  'become_method', 'collections', 'ignore_unreachable',
];

export const PLAY_KEYWORDS = new Set([
  'name', 'hosts', 'vars', 'vars_files', 'tasks', 'pre_tasks', 'post_tasks', 'roles', 'handlers', 'gather_facts',
  'become', 'become_user', 'serial', 'max_fail_percentage', 'any_errors_fatal', 'force_handlers', 'tags',
  'environment', 'ignore_errors', 'no_log', 'check_mode', 'strategy', 'timeout', 'diff',
  'connection', 'remote_user', 'port', 'become_method', 'collections', 'gather_subset', 'vars_prompt', 'order',
  'ignore_unreachable',
]);

export const TASK_KEYWORDS = new Set([
  ...INHERITED_KEYWORDS, 'name', 'register', 'changed_when', 'failed_when', 'args', 'loop', 'loop_control',
  'with_items', 'with_list', 'with_dict', 'with_fileglob', 'with_nested', 'with_together', 'with_subelements',
  'with_sequence', 'with_indexed_items', 'notify', 'until', 'retries', 'delay', 'listen',
  'async', 'poll',
]);

export const BLOCK_KEYWORDS = new Set([...INHERITED_KEYWORDS, 'name', 'block', 'rescue', 'always']);

/** Task entries that are instructions to the loader or engine rather than modules. */
export const TASK_DIRECTIVES = new Set(['import_tasks', 'include_tasks', 'import_role', 'include_role', 'meta', 'block', 'local_action']);

const ANSIBLE_UNSUPPORTED = [
  'gather_timeout', 'fact_path', 'module_defaults',
  'become_flags', 'debugger',
  'with_random_choice', 'delegate_facts',
];

export const KNOWN_PLAY_KEYWORDS = new Set([...PLAY_KEYWORDS, ...ANSIBLE_UNSUPPORTED, 'import_playbook']);
export const KNOWN_TASK_KEYWORDS = new Set([...TASK_KEYWORDS, ...BLOCK_KEYWORDS, ...TASK_DIRECTIVES, ...ANSIBLE_UNSUPPORTED]);

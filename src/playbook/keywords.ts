// Which Ansible keywords exist, and which of them mosip-play runs. A known
// keyword that is not supported is reported as such, never silently ignored.

/** Keywords a play, role entry, block or task may carry and pass down to its tasks. */
export const INHERITED_KEYWORDS = [
  'when', 'tags', 'vars', 'become', 'become_user', 'ignore_errors', 'no_log', 'check_mode', 'environment',
  'delegate_to', 'run_once', 'throttle', 'any_errors_fatal',
];

export const PLAY_KEYWORDS = new Set([
  'name', 'hosts', 'vars', 'vars_files', 'tasks', 'pre_tasks', 'post_tasks', 'roles', 'handlers', 'gather_facts',
  'become', 'become_user', 'serial', 'max_fail_percentage', 'any_errors_fatal', 'force_handlers', 'tags',
  'environment', 'ignore_errors', 'no_log', 'check_mode', 'strategy',
]);

export const TASK_KEYWORDS = new Set([
  ...INHERITED_KEYWORDS, 'name', 'register', 'changed_when', 'failed_when', 'args', 'loop', 'loop_control',
  'with_items', 'with_list', 'with_dict', 'with_fileglob', 'notify', 'until', 'retries', 'delay', 'listen',
]);

export const BLOCK_KEYWORDS = new Set([...INHERITED_KEYWORDS, 'name', 'block', 'rescue', 'always']);

/** Task entries that are instructions to the loader or engine rather than modules. */
export const TASK_DIRECTIVES = new Set(['import_tasks', 'include_tasks', 'import_role', 'include_role', 'meta', 'block']);

const ANSIBLE_UNSUPPORTED = [
  'vars_prompt', 'order', 'gather_subset', 'gather_timeout', 'fact_path', 'collections', 'module_defaults',
  'ignore_unreachable', 'become_method', 'become_flags', 'connection', 'remote_user', 'port', 'diff', 'debugger',
  'timeout', 'with_together', 'with_nested', 'with_sequence', 'with_subelements', 'delegate_facts', 'local_action',
  'async', 'poll',
];

export const KNOWN_PLAY_KEYWORDS = new Set([...PLAY_KEYWORDS, ...ANSIBLE_UNSUPPORTED, 'import_playbook']);
export const KNOWN_TASK_KEYWORDS = new Set([...TASK_KEYWORDS, ...BLOCK_KEYWORDS, ...TASK_DIRECTIVES, ...ANSIBLE_UNSUPPORTED]);

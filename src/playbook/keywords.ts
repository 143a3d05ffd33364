// Which Ansible keywords exist, and which of them mosip-play runs today. A
// known keyword that is not supported yet is reported as such, never ignored.

export const PLAY_KEYWORDS = new Set(['name', 'hosts', 'vars', 'tasks', 'gather_facts', 'become', 'become_user']);

export const TASK_KEYWORDS = new Set([
  'name', 'when', 'register', 'ignore_errors', 'become', 'become_user',
  'changed_when', 'failed_when', 'vars', 'args', 'check_mode', 'no_log',
]);

const ANSIBLE_PLAY_ONLY = [
  'roles', 'pre_tasks', 'post_tasks', 'handlers', 'vars_files', 'vars_prompt', 'serial', 'max_fail_percentage',
  'strategy', 'order', 'force_handlers', 'gather_subset', 'gather_timeout', 'fact_path', 'collections', 'module_defaults',
];

const ANSIBLE_SHARED = [
  'any_errors_fatal', 'environment', 'tags', 'ignore_unreachable', 'become_method', 'become_flags', 'connection',
  'remote_user', 'port', 'check_mode', 'diff', 'no_log', 'run_once', 'throttle', 'timeout', 'debugger', 'ignore_errors',
];

const ANSIBLE_TASK_ONLY = [
  'loop', 'loop_control', 'with_items', 'with_dict', 'with_fileglob', 'with_list', 'with_together', 'with_nested',
  'with_sequence', 'with_subelements', 'notify', 'listen', 'until', 'retries', 'delay', 'delegate_to', 'delegate_facts',
  'local_action', 'async', 'poll', 'block', 'rescue', 'always', 'include_tasks', 'import_tasks', 'include_role',
  'import_role', 'import_playbook', 'include_vars',
];

export const KNOWN_PLAY_KEYWORDS = new Set([...PLAY_KEYWORDS, ...ANSIBLE_PLAY_ONLY, ...ANSIBLE_SHARED, 'import_playbook']);
export const KNOWN_TASK_KEYWORDS = new Set([...TASK_KEYWORDS, ...ANSIBLE_SHARED, ...ANSIBLE_TASK_ONLY]);

// The names that, when the inventory has no such host, stand for Ansible's
// implicit localhost (inventory_guide/implicit_localhost.rst): a host with
// `ansible_connection: local` that no group holds, not even `all`.
export const LOCALHOST_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1']);

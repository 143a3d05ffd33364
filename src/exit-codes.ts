// The exit codes, as Ansible's (documented in docs/exit-codes.md).
export const EXIT = {
  OK: 0,
  /** Bad command line, unreadable or invalid playbook/inventory: nothing was run. */
  USAGE: 1,
  /** At least one host failed. */
  HOST_FAILED: 2,
  /** At least one host was unreachable (and none failed). */
  HOST_UNREACHABLE: 4,
  /** A bug in mosip-play itself. */
  INTERNAL: 250,
} as const;

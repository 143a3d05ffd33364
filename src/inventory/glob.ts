// Shell-style wildcards as Python's fnmatch matches them (Ansible host
// patterns use it): `*` any run of characters, `?` one character, `[abc]` and
// `[!abc]` a character class; case-sensitive, and the whole name must match.

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const classEnd = c === '[' ? findClassEnd(glob, i) : -1;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (classEnd > 0) {
      source += characterClass(glob.slice(i + 1, classEnd));
      i = classEnd;
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^(?:${source})$`, 's');
}

/** Where the `]` closing the class opened at `open` is; a `]` right after `[` or `[!` is a member. */
function findClassEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!') i++;
  if (glob[i] === ']') i++;
  return glob.indexOf(']', i);
}

function characterClass(body: string): string {
  const negated = body.startsWith('!');
  const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&');
  return `[${negated ? '^' : ''}${members}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

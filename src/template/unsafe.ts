// Ansible's `!unsafe`: a string that is never templated. It stays wrapped
// while it sits in variables or task arguments, so nothing mistakes its
// `{{ }}` for a template; rendering hands over its text as written, which is
// what variables, module arguments and conditions then see.

export class Unsafe {
  constructor(readonly text: string) {}

  /** Where a wrapped value is printed or joined as it is (Handlebars output, String()). */
  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

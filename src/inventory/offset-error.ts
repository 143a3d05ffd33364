// Lexers and host-spec parsers know only an offset inside the text they were
// given; the caller knows the file and line, and turns the two into a Location.
import type { Location } from '../errors.js';
import { InventoryError } from '../errors.js';

export class OffsetError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Run `parse` over text that starts at `start`; its OffsetErrors become located InventoryErrors. */
export function locatedAt<T>(start: Location, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof OffsetError)) throw err;
    throw new InventoryError(err.message, { ...start, col: start.col + err.offset });
  }
}

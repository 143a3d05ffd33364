import { MosipPlayError } from '../errors.js';

/** Why a host could not be reached; all of them count as "unreachable" in the recap. */
export type UnreachableReason = 'network' | 'timeout' | 'auth' | 'hostkey' | 'closed';

export class HostUnreachableError extends MosipPlayError {
  constructor(
    readonly hostname: string,
    readonly reason: UnreachableReason,
    message: string,
  ) {
    super(message);
  }
}

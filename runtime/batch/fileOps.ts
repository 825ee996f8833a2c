// File operations of the batch path's writers: a system error (a full disk, a folder that is a
// file) becomes featc's `IO` naming the file and what was being done, where Node's own message
// for a write names neither.

import { writeSync } from "node:fs";
import { FeatcError } from "../errors.js";

/** `op` on the file at `path`; a system error (a full disk, a missing folder) becomes `IO`, naming the file. */
export function fileOp<T>(path: string, what: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof FeatcError || typeof (e as NodeJS.ErrnoException).errno !== "number") throw e;
    throw new FeatcError("IO", `${path}: ${what}: ${(e as Error).message}`);
  }
}

export function writeFully(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

// A log file read a piece at a time, so the TypeScript engine replays a log of any size (a
// 40 M-event day is 2.6 GB, more than one buffer may hold, and several days of a stream would
// otherwise sit in memory at once) with a few MB of it in memory. `ByteView` is what the log
// reader's checks need of a file's bytes: DataView's getters, which a DataView over a log in
// memory gives as it is and `PagedFile` gives through one page of the file at a time.
//
// The file is opened for each read (or once around a batch of reads, `withFile`) rather than
// held open, so any number of readers can exist without holding descriptors; each open checks
// that the path still names the file first opened, unchanged, or the read fails with `IO`:
// rows from a log replaced or rewritten during a run would mix two files.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { FeatcError } from "../errors.js";

/** The getters of DataView the log reader uses, at absolute byte offsets of a file. */
export interface ByteView {
  readonly byteLength: number;
  getUint8(at: number): number;
  getUint16(at: number, littleEndian: true): number;
  getInt32(at: number, littleEndian: true): number;
  getUint32(at: number, littleEndian: true): number;
  getBigInt64(at: number, littleEndian: true): bigint;
  getBigUint64(at: number, littleEndian: true): bigint;
}

/** Bytes `[at, at + length)` of `view` (inside it), as a view of a DataView's memory or a fresh copy of a file's. */
export function bytesOf(view: ByteView, at: number, length: number): Uint8Array {
  if (view instanceof DataView) return new Uint8Array(view.buffer, view.byteOffset + at, length);
  return (view as PagedFile).read(at, length);
}

/** Bytes a page of random reads holds: about 16,000 records of a log. */
const PAGE_BYTES = 1 << 20;
/** A page reaches this far past its end, so a value of up to 8 bytes that starts in it is in it. */
const PAGE_OVERLAP = 8;

/** What must not change between the first open of a file and any later read of it. */
function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export class PagedFile implements ByteView {
  readonly byteLength: number;
  private fd: number | null = null;
  private depth = 0;
  private readonly page = new Uint8Array(PAGE_BYTES + PAGE_OVERLAP);
  private readonly pageView = new DataView(this.page.buffer);
  private pageStart = 0;
  /** Bytes of the page that hold the file's bytes (0 before the first read). */
  private pageLength = 0;

  /** The regular file at `path`, whose status when opened was `stat`. */
  constructor(
    readonly path: string,
    private readonly stat: Stats,
  ) {
    this.byteLength = stat.size;
  }

  /**
   * Runs `work` with the file open, so its reads share one descriptor (reads outside open and
   * close the file each time). Nested calls share the outer one's.
   */
  withFile<T>(work: () => T): T {
    if (this.depth === 0) this.fd = this.openChecked();
    this.depth++;
    try {
      return work();
    } finally {
      this.depth--;
      if (this.depth === 0) {
        const fd = this.fd!;
        this.fd = null;
        closeSync(fd);
      }
    }
  }

  /** Reads bytes `[at, at + into.length)` into `into`; they must lie inside the file. */
  readInto(into: Uint8Array, at: number): void {
    if (at < 0 || at + into.length > this.byteLength) throw new RangeError("Offset is outside the bounds of the file");
    this.withFile(() => {
      let done = 0;
      while (done < into.length) {
        let n: number;
        try {
          n = readSync(this.fd!, into, done, into.length - done, at + done);
        } catch (e) {
          throw new FeatcError("IO", `${this.path}: cannot read: ${(e as Error).message}`);
        }
        if (n === 0) throw this.changed("it ended early");
        done += n;
      }
    });
  }

  /** A fresh copy of bytes `[at, at + length)`. */
  read(at: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(out, at);
    return out;
  }

  getUint8(at: number): number {
    return this.pageView.getUint8(this.locate(at, 1));
  }

  getUint16(at: number, littleEndian: true): number {
    return this.pageView.getUint16(this.locate(at, 2), littleEndian);
  }

  getInt32(at: number, littleEndian: true): number {
    return this.pageView.getInt32(this.locate(at, 4), littleEndian);
  }

  getUint32(at: number, littleEndian: true): number {
    return this.pageView.getUint32(this.locate(at, 4), littleEndian);
  }

  getBigInt64(at: number, littleEndian: true): bigint {
    return this.pageView.getBigInt64(this.locate(at, 8), littleEndian);
  }

  getBigUint64(at: number, littleEndian: true): bigint {
    return this.pageView.getBigUint64(this.locate(at, 8), littleEndian);
  }

  /** Where byte `at` of the file is in the page, after loading the page that holds `width` bytes from it. */
  private locate(at: number, width: number): number {
    if (at >= this.pageStart && at + width <= this.pageStart + this.pageLength) return at - this.pageStart;
    if (!(at >= 0 && at + width <= this.byteLength)) throw new RangeError("Offset is outside the bounds of the file");
    const start = at - (at % PAGE_BYTES);
    const length = Math.min(PAGE_BYTES + PAGE_OVERLAP, this.byteLength - start);
    this.pageLength = 0;
    this.readInto(this.page.subarray(0, length), start);
    this.pageStart = start;
    this.pageLength = length;
    return at - start;
  }

  private openChecked(): number {
    let fd: number;
    try {
      // Non-blocking, so a FIFO put in the path's place cannot block the open.
      fd = openSync(this.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (e) {
      throw new FeatcError("IO", `${this.path}: cannot open: ${(e as Error).message}`);
    }
    const now = fstatSync(fd);
    if (!sameFile(now, this.stat)) {
      closeSync(fd);
      throw this.changed(
        now.ino !== this.stat.ino || now.dev !== this.stat.dev
          ? "the path now names another file"
          : `its size or modification time changed (${this.stat.size} -> ${now.size} bytes)`,
      );
    }
    return fd;
  }

  private changed(how: string): FeatcError {
    return new FeatcError("IO", `${this.path}: the file changed while it was being read: ${how}`);
  }
}

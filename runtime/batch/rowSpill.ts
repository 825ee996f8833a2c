// A file's rows on their way to Parquet, kept on disk a row group at a time: the TypeScript
// Parquet writer (parquet-wasm) streams row groups only from an asynchronous source and takes
// the footer's metadata (rows, records, faults) before the first one, which the replay knows
// only at the file's end. So the replay writes each full row group to a spill file beside the
// output as an Arrow IPC stream, and the Parquet file is written from it once the file is
// complete: the heap holds one row group, whatever the file's length (docs/formats/parquet.md).
//
// The spill file is a run of groups, each an 8-byte little-endian length and that many bytes of
// a complete Arrow IPC stream (schema and one record batch). It is named as featc's other temp
// files, `.<output>.rows.tmp-<pid>`, so a killed run's spill is swept as theirs are.

import { closeSync, openSync, readSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { tableToIPC } from "apache-arrow";
import { FeatcError } from "../errors.js";
import type { KernelMeta, RowSink } from "../kernel.js";
import { type OutputLayout, toArrowTable } from "./arrowTable.js";
import { type ColumnData, ColumnarRows } from "./columnarRows.js";
import { fileOp, writeFully } from "./fileOps.js";

const LENGTH_BYTES = 8;

/** The spill file of `outputPath`: hidden, beside it, owned by this process. */
export function spillPathOf(outputPath: string): string {
  return join(dirname(outputPath), `.${basename(outputPath)}.rows.tmp-${process.pid}`);
}

/** Rows of one file, written to `path` a row group at a time. */
export class SpilledRows implements RowSink {
  /** Rows written to the spill file. */
  written = 0;
  /** Row groups written (one at least once closed: an empty file still has its schema). */
  groups = 0;
  private readonly collector: ColumnarRows;
  private fd: number | undefined;

  constructor(
    meta: Pick<KernelMeta, "columns">,
    readonly path: string,
    rowGroupRows: number,
    private readonly layout: OutputLayout,
  ) {
    this.fd = fileOp(path, "cannot create the rows' spill file", () => openSync(path, "wx"));
    this.collector = new ColumnarRows(meta, { rows: rowGroupRows, sink: (columns, rows) => this.spill(columns, rows) });
  }

  putF64(value: number, valid: boolean): void {
    this.collector.putF64(value, valid);
  }

  putI64(value: number, valid: boolean): void {
    this.collector.putI64(value, valid);
  }

  putBool(value: boolean, valid: boolean): void {
    this.collector.putBool(value, valid);
  }

  putTimestamp(hi: number, lo: number, valid: boolean): void {
    this.collector.putTimestamp(hi, lo, valid);
  }

  /** Writes the last, partial group and closes the file for writing. */
  close(): void {
    if (this.collector.rows > 0 || this.groups === 0) this.collector.flushGroup();
    this.closeFd();
  }

  /** The groups as written, one Arrow IPC stream each, read back one at a time. */
  *read(): Generator<Uint8Array, void, void> {
    const fd = fileOp(this.path, "cannot open the rows' spill file", () => openSync(this.path, "r"));
    try {
      const head = Buffer.alloc(LENGTH_BYTES);
      let at = 0;
      for (let g = 0; g < this.groups; g++) {
        readFully(fd, head, at, this.path);
        const length = Number(head.readBigUInt64LE(0));
        const body = new Uint8Array(length);
        readFully(fd, body, at + LENGTH_BYTES, this.path);
        at += LENGTH_BYTES + length;
        yield body;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Closes and deletes the spill file; a second call does nothing. */
  remove(): void {
    this.closeFd();
    try {
      unlinkSync(this.path);
    } catch {
      // Already removed.
    }
  }

  private spill(columns: ColumnData[], rows: number): void {
    const ipc = tableToIPC(toArrowTable(columns, rows, this.layout), "stream");
    const head = Buffer.alloc(LENGTH_BYTES);
    head.writeBigUInt64LE(BigInt(ipc.length));
    fileOp(this.path, "cannot write a row group to the rows' spill file", () => {
      writeFully(this.fd!, head);
      writeFully(this.fd!, ipc);
    });
    this.written += rows;
    this.groups++;
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

function readFully(fd: number, into: Uint8Array, position: number, path: string): void {
  for (let done = 0; done < into.length;) {
    const n = fileOp(path, "cannot read the rows' spill file", () =>
      readSync(fd, into, done, into.length - done, position + done),
    );
    if (n === 0)
      throw new FeatcError(
        "IO",
        `${path}: the rows' spill file ends at byte ${position + done}, before its last row group (was it removed or truncated meanwhile?)`,
      );
    done += n;
  }
}

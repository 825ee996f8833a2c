// A row sink that drops everything: rows outside the emit window are still computed (so the
// since-emit state resets exactly as it would inside it) and then written here.

import type { RowSink } from "../kernel.js";

export class DiscardRows implements RowSink {
  putF64(_value: number, _valid: boolean): void {}
  putI64(_value: number, _valid: boolean): void {}
  putBool(_value: boolean, _valid: boolean): void {}
  putTimestamp(_hi: number, _lo: number, _valid: boolean): void {}
}

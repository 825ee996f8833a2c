// The ring buffer of a rolling operator (docs/language.md section 7.4), included in every
// generated TypeScript kernel that has one. Twin: native/core/src/kernel/window.rs, operation
// for operation, so both backends give the same bits. Timestamps are (hi, lo) int64 words.

/** A rolling operator's ring buffer. */
export class Window {
  private readonly values: Float64Array;
  private readonly valid: Uint8Array;
  private readonly tsHi: Int32Array;
  private readonly tsLo: Float64Array;
  /** The buffer a quantile sorts the window's values in; empty unless the window answers quantiles. */
  private readonly sorted: Float64Array;
  private head = 0;
  private len = 0;
  /** Whether the last `mean`, `extreme`, `std` or `quantile` had a value (they return 0 when not). */
  ok = false;
  /**
   * A time window had to drop a step still inside its span to make room: it no longer holds
   * every step it covers, so the run must stop (docs/language.md section 7.4).
   */
  overflowed = false;
  /** The window in ns as (hi, lo) words; (0, 0) for a window of steps. */
  constructor(
    private readonly capacity: number,
    private readonly spanHi: number,
    private readonly spanLo: number,
    sortable = false,
  ) {
    this.values = new Float64Array(capacity);
    this.valid = new Uint8Array(capacity);
    const timed = spanHi !== 0 || spanLo !== 0;
    this.tsHi = new Int32Array(timed ? capacity : 0);
    this.tsLo = new Float64Array(timed ? capacity : 0);
    this.sorted = new Float64Array(sortable ? capacity : 0);
  }

  push(hi: number, lo: number, value: number, valid: boolean): void {
    const cap = this.capacity;
    let at: number;
    if (this.len === cap) {
      at = this.head;
      // The oldest step leaves; in a time window it must already be outside the span.
      if ((this.spanHi !== 0 || this.spanLo !== 0) && this.insideSpan(at, hi, lo)) this.overflowed = true;
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
    } else {
      at = this.head + this.len;
      this.len++;
      if (at >= cap) at -= cap;
    }
    this.values[at] = valid ? value : 0;
    this.valid[at] = valid ? 1 : 0;
    if (this.spanHi !== 0 || this.spanLo !== 0) {
      this.tsHi[at] = hi;
      this.tsLo[at] = lo;
    }
  }

  /** Whether the step at slot `j` has ts > now - span. */
  private insideSpan(j: number, nowHi: number, nowLo: number): boolean {
    let cutLo = nowLo - this.spanLo;
    let cutHi = nowHi - this.spanHi;
    if (cutLo < 0) {
      cutLo += 4294967296;
      cutHi -= 1;
    }
    const h = this.tsHi[j];
    return h > cutHi || (h === cutHi && this.tsLo[j] > cutLo);
  }

  /** Drops the steps with ts <= now - span. */
  expire(nowHi: number, nowLo: number): void {
    if (this.spanHi === 0 && this.spanLo === 0) return;
    let cutLo = nowLo - this.spanLo;
    let cutHi = nowHi - this.spanHi;
    if (cutLo < 0) {
      cutLo += 4294967296;
      cutHi -= 1;
    }
    const cap = this.capacity;
    while (this.len > 0) {
      const h = this.tsHi[this.head];
      if (h > cutHi || (h === cutHi && this.tsLo[this.head] > cutLo)) break;
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.len--;
    }
  }

  private at(i: number): number {
    const j = this.head + i;
    return j >= this.capacity ? j - this.capacity : j;
  }

  count(): number {
    let n = 0;
    for (let i = 0; i < this.len; i++) n += this.valid[this.at(i)];
    return n;
  }

  sum(): number {
    let s = 0;
    for (let i = 0; i < this.len; i++) {
      const j = this.at(i);
      if (this.valid[j] === 1) s += this.values[j];
    }
    return s;
  }

  mean(): number {
    const n = this.count();
    this.ok = n !== 0;
    return this.ok ? this.sum() / n : 0;
  }

  extreme(max: boolean): number {
    let m = 0;
    let ok = false;
    for (let i = 0; i < this.len; i++) {
      const j = this.at(i);
      if (this.valid[j] === 0) continue;
      const x = this.values[j];
      if (!ok || x !== x || (max ? x > m : x < m)) {
        if (!ok || m === m) m = x;
      }
      ok = true;
    }
    this.ok = ok;
    return m;
  }

  std(): number {
    const n = this.count();
    this.ok = n >= 2;
    if (!this.ok) return 0;
    const mean = this.sum() / n;
    let ss = 0;
    for (let i = 0; i < this.len; i++) {
      const j = this.at(i);
      if (this.valid[j] === 1) {
        const d = this.values[j] - mean;
        ss += d * d;
      }
    }
    return Math.sqrt(ss / (n - 1));
  }

  /**
   * The `q` quantile of the valid values, interpolated linearly between closest ranks
   * (docs/language.md section 7.7): NaN when a value is NaN. The values are sorted ascending
   * with -0 before +0 (the order of Rust's `total_cmp` without NaNs), so the sorted sequence,
   * and the result, are the same bits in both runtimes whatever sort either uses. Sorted in
   * place in the window's own buffer: a read allocates nothing.
   */
  quantile(q: number): number {
    const v = this.sorted;
    let n = 0;
    let nan = false;
    for (let i = 0; i < this.len; i++) {
      const j = this.at(i);
      if (this.valid[j] === 0) continue;
      const x = this.values[j];
      if (x !== x) nan = true;
      v[n++] = x;
    }
    this.ok = n !== 0;
    if (!this.ok) return 0;
    if (nan) return NaN;
    heapSort(v, n);
    const h = (n - 1) * q;
    const i = Math.floor(h);
    const f = h - i;
    if (f === 0 || i + 1 >= n) return v[i];
    return v[i] + f * (v[i + 1] - v[i]);
  }
}

/** `a` before `b` in ascending order, -0 before +0 (no NaN is ever compared). */
function before(a: number, b: number): boolean {
  return a < b || (a === 0 && b === 0 && 1 / a < 0 && 1 / b > 0);
}

/** Sorts `v[0..n)` ascending in place (heapsort: no allocation, O(n log n)). */
function heapSort(v: Float64Array, n: number): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(v, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = v[0];
    v[0] = v[end];
    v[end] = t;
    siftDown(v, 0, end);
  }
}

/** Restores the max-heap order of `v[start..end)` below `start`. */
function siftDown(v: Float64Array, start: number, end: number): void {
  let root = start;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && before(v[child], v[child + 1])) child++;
    if (!before(v[root], v[child])) return;
    const t = v[root];
    v[root] = v[child];
    v[child] = t;
    root = child;
  }
}

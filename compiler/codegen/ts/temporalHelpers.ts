// Module-level helpers a generated TypeScript kernel includes when its states need them. They
// spell, operation for operation, `Window`, `exp2_nonpositive`, `ln` and `ns_to_seconds` of
// native/core/src/kernel.rs (docs/language.md section 7), so both backends give the same bits.
// Generated kernels import nothing at run time, so the helpers travel inside each module.

/** The ring buffer of a rolling operator; timestamps as (hi, lo) int64 words. */
export const WINDOW_CLASS = `/** A rolling operator's ring buffer (native/core/src/kernel.rs \`Window\`). */
class Window {
  private readonly values: Float64Array;
  private readonly valid: Uint8Array;
  private readonly tsHi: Int32Array;
  private readonly tsLo: Float64Array;
  private head = 0;
  private len = 0;
  /** Whether the last \`mean\`, \`extreme\` or \`std\` had a value (they return 0 when not). */
  ok = false;
  /** The window in ns as (hi, lo) words; (0, 0) for a window of steps. */
  constructor(private readonly capacity: number, private readonly spanHi: number, private readonly spanLo: number) {
    this.values = new Float64Array(capacity);
    this.valid = new Uint8Array(capacity);
    const timed = spanHi !== 0 || spanLo !== 0;
    this.tsHi = new Int32Array(timed ? capacity : 0);
    this.tsLo = new Float64Array(timed ? capacity : 0);
  }

  push(hi: number, lo: number, value: number, valid: boolean): void {
    const cap = this.capacity;
    let at: number;
    if (this.len === cap) {
      at = this.head;
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
}`;

/** 2^y for y <= 0, the decay of a time ema: the algorithm of kernel.rs `exp2_nonpositive`. */
export const EXP2_FUNCTION = `/** 1/n! for n = 0..13 (kernel.rs \`EXP2_TAYLOR\`). */
const EXP2_TAYLOR = [
  1, 1, 0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889,
  0.0001984126984126984, 0.0000248015873015873, 0.0000027557319223985893, 2.755731922398589e-7,
  2.505210838544172e-8, 2.08767569878681e-9, 1.6059043836821613e-10,
];
/** 2^-k for k = 0..1022, exact: each halving of a normal power of two is exact. */
const POW2_NEG = new Float64Array(1023);
POW2_NEG[0] = 1;
for (let k = 1; k < 1023; k++) POW2_NEG[k] = POW2_NEG[k - 1] * 0.5;

/** 2^y for y <= 0 (kernel.rs \`exp2_nonpositive\`). */
function exp2NonPositive(y: number): number {
  if (!(y > -1022)) return 0;
  const k = Math.floor(y + 0.5);
  const r = (y - k) * 0.6931471805599453;
  let p = EXP2_TAYLOR[13];
  for (let i = 12; i >= 0; i--) p = p * r + EXP2_TAYLOR[i];
  return p * POW2_NEG[-k];
}`;

/** The natural logarithm of x > 0, the built-in `log`: the algorithm of kernel.rs `ln`. */
export const LN_FUNCTION = `/** 2 / (2n + 3) for n = 0..10 (kernel.rs \`LN_ATANH\`). */
const LN_ATANH = [
  0.6666666666666666, 0.4, 0.2857142857142857, 0.2222222222222222, 0.18181818181818182, 0.15384615384615385,
  0.13333333333333333, 0.11764705882352941, 0.10526315789473684, 0.09523809523809523, 0.08695652173913043,
];
/** The bits of an f64 as (high, low) words; big-endian accesses, whatever the platform. */
const LN_BITS = new DataView(new ArrayBuffer(8));

/** ln x for x > 0; NaN for NaN, x <= 0 (kernel.rs \`ln\`). */
function ln(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return x;
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984;
    k = -54;
  }
  LN_BITS.setFloat64(0, x);
  const hi = LN_BITS.getUint32(0);
  k += ((hi >>> 20) & 0x7ff) - 1023;
  LN_BITS.setUint32(0, (hi & 0xfffff) | 0x3ff00000);
  let m = LN_BITS.getFloat64(0);
  if (m >= 1.4142135623730951) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  let p = LN_ATANH[10];
  for (let i = 9; i >= 0; i--) p = p * z + LN_ATANH[i];
  const r = z * p;
  const hfsq = 0.5 * f * f;
  return k * 0.6931471803691238 - ((hfsq - (s * (hfsq + r) + k * 1.9082149292705877e-10)) - f);
}`;

// A column's summary over every row of a preview: how many values and nulls, the least and the
// greatest, the mean. Integers and timestamps are summed as int64 exactly (BigInt), never
// through a float; floats are summed with Neumaier's compensation, in row order, so the same
// rows give the same bits whichever engine made them.
import type { ColumnData } from "../../runtime/batch/columnarRows.js";

interface Counts {
  name: string;
  /** Values that are not null. */
  count: number;
  nulls: number;
}

export interface F64Summary extends Counts {
  type: "f64";
  /** Values that are NaN (not null): left out of min, max and mean. */
  nan: number;
  /** Null when every value is null or NaN. */
  min: number | null;
  max: number | null;
  mean: number | null;
}

export interface I64Summary extends Counts {
  type: "i64";
  min: bigint | null;
  max: bigint | null;
  /** The exact sum. */
  sum: bigint;
  /** The exact sum over the count, as the nearest float the division gives. */
  mean: number | null;
}

export interface TimestampSummary extends Counts {
  type: "timestamp";
  min: bigint | null;
  max: bigint | null;
  /** The exact mean, floored to the nanosecond. */
  mean: bigint | null;
}

export interface BoolSummary extends Counts {
  type: "bool";
  trues: number;
  min: boolean | null;
  max: boolean | null;
  /** The share of true values. */
  mean: number | null;
}

export type ColumnSummary = F64Summary | I64Summary | TimestampSummary | BoolSummary;

function summarizeF64(name: string, values: Float64Array, valid: Uint8Array): F64Summary {
  let count = 0;
  let nan = 0;
  let min = Infinity;
  let max = -Infinity;
  // Neumaier: the running sum and what its additions lost. Infinities are counted apart, so a
  // column holding one does not turn the compensation into NaN.
  let sum = 0;
  let lost = 0;
  let finite = 0;
  let plusInf = 0;
  let minusInf = 0;
  for (let r = 0; r < values.length; r++) {
    if (valid[r] === 0) continue;
    count++;
    const x = values[r];
    if (x !== x) {
      nan++;
      continue;
    }
    if (x < min || finite + plusInf + minusInf === 0) min = x;
    if (x > max || finite + plusInf + minusInf === 0) max = x;
    if (x === Infinity) plusInf++;
    else if (x === -Infinity) minusInf++;
    else {
      finite++;
      const t = sum + x;
      lost += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
    }
  }
  const numbers = finite + plusInf + minusInf;
  let mean: number | null = null;
  if (numbers > 0)
    mean =
      plusInf > 0 && minusInf > 0 ? NaN : plusInf > 0 ? Infinity : minusInf > 0 ? -Infinity : (sum + lost) / finite;
  return {
    name,
    type: "f64",
    count,
    nulls: values.length - count,
    nan,
    min: numbers > 0 ? min : null,
    max: numbers > 0 ? max : null,
    mean,
  };
}

/** `sum / count` as a float: the whole part exactly rounded, then the remainder's share. */
function quotient(sum: bigint, count: number): number {
  const n = BigInt(count);
  return Number(sum / n) + Number(sum % n) / count;
}

/** The floor of `sum / count` (BigInt division truncates toward zero). */
function floorDiv(sum: bigint, count: number): bigint {
  const n = BigInt(count);
  const q = sum / n;
  return sum % n !== 0n && sum < 0n ? q - 1n : q;
}

function summarizeInt(name: string, type: "i64" | "timestamp", values: BigInt64Array, valid: Uint8Array) {
  let count = 0;
  let min = 0n;
  let max = 0n;
  let sum = 0n;
  for (let r = 0; r < values.length; r++) {
    if (valid[r] === 0) continue;
    const x = values[r];
    if (count === 0 || x < min) min = x;
    if (count === 0 || x > max) max = x;
    sum += x;
    count++;
  }
  const counts = { name, count, nulls: values.length - count };
  const some = count > 0;
  if (type === "timestamp")
    return {
      ...counts,
      type,
      min: some ? min : null,
      max: some ? max : null,
      mean: some ? floorDiv(sum, count) : null,
    } satisfies TimestampSummary;
  return {
    ...counts,
    type,
    min: some ? min : null,
    max: some ? max : null,
    sum,
    mean: some ? quotient(sum, count) : null,
  } satisfies I64Summary;
}

function summarizeBool(name: string, values: Uint8Array, valid: Uint8Array): BoolSummary {
  let count = 0;
  let trues = 0;
  for (let r = 0; r < values.length; r++) {
    if (valid[r] === 0) continue;
    count++;
    trues += values[r];
  }
  return {
    name,
    type: "bool",
    count,
    nulls: values.length - count,
    trues,
    min: count > 0 ? trues === count : null,
    max: count > 0 ? trues > 0 : null,
    mean: count > 0 ? trues / count : null,
  };
}

export function summarizeColumn(column: ColumnData): ColumnSummary {
  const { name, type, values, valid } = column;
  if (type === "f64") return summarizeF64(name, values as Float64Array, valid);
  if (type === "bool") return summarizeBool(name, values as Uint8Array, valid);
  return summarizeInt(name, type, values as BigInt64Array, valid);
}

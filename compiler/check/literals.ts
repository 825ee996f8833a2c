// Values of number literals (docs/language.md section 2). Exact decimal arithmetic on BigInt
// so that `1.5ms` is exactly 1500000 ns and `0.5ns` is caught, not rounded.

/** The largest magnitude an i64 may have (section 6: results beyond it are null). */
export const MAX_SAFE_I64 = 2n ** 53n - 1n;

const nsPerUnit: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

export type DurationValue = { ok: true; ns: bigint } | { ok: false; reason: "fractional"; exactNs: string };

export function durationValue(text: string): DurationValue {
  const match = /^(\d+)(?:\.(\d+))?(ns|us|ms|s|m|h)$/.exec(text)!;
  const [, whole, fraction = "", unit] = match;
  const scale = 10n ** BigInt(fraction.length);
  const scaledNs = BigInt(whole + fraction) * nsPerUnit[unit];
  if (scaledNs % scale !== 0n) {
    return {
      ok: false,
      reason: "fractional",
      exactNs: `${scaledNs / scale}.${(scaledNs % scale).toString().padStart(fraction.length, "0").replace(/0+$/, "")}`,
    };
  }
  return { ok: true, ns: scaledNs / scale };
}

/** `5bps` is `5e-4`: one correctly rounded conversion from the decimal text. */
export function bpsValue(text: string): number {
  return Number(`${text.slice(0, -"bps".length)}e-4`);
}

export function floatValue(text: string): number {
  return Number(text);
}

export function intValue(text: string): bigint {
  return BigInt(text);
}

const durationUnits: [bigint, string][] = [
  [3_600_000_000_000n, "h"],
  [60_000_000_000n, "m"],
  [1_000_000_000n, "s"],
  [1_000_000n, "ms"],
  [1_000n, "us"],
];

/** A duration in the largest unit that divides it exactly, as the language writes them (`1s`, `250ms`). */
export function formatNs(ns: bigint): string {
  for (const [size, unit] of durationUnits) if (ns % size === 0n) return `${ns / size}${unit}`;
  return `${ns}ns`;
}

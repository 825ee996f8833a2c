// Nanosecond timestamps for the terminal. Its own module: `featc inspect` prints times without
// loading the Parquet reader of ./parquetSummary.ts.

/** int64 ns since the epoch -> ISO-8601 UTC with all nine fractional digits. */
export function isoNs(ns: bigint): string {
  const sec = ns >= 0n ? ns / 1_000_000_000n : -((-ns + 999_999_999n) / 1_000_000_000n);
  const frac = (ns - sec * 1_000_000_000n).toString().padStart(9, "0");
  return new Date(Number(sec) * 1000).toISOString().slice(0, 19) + "." + frac + "Z";
}

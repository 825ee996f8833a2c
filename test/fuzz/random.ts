// A seeded random source for the fuzzing targets that draw their own cases (./reader.ts,
// ./importers.ts): the same cases from the same seed on every machine, so a campaign's failure
// is reproduced by its seed.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number;
  /** One element of `items`. */
  pick<T>(items: readonly T[]): T;
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
}

/** mulberry32: a small, well-mixed 32-bit generator (the one test/parity/reliability.test.ts uses). */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo));
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length)],
    bytes: (n) => Uint8Array.from({ length: n }, () => int(0, 256)),
  };
}

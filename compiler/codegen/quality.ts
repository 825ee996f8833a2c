// The record flags behind `quality.gap`, `quality.bad_book` and `quality.bad_ts`
// (docs/language.md section 5.1; docs/formats/q.md, "Record"): the bit each op
// tests in the driver's OR of the flags since the last row. Twins: runtime/log/format.ts
// `FLAG_GAP`, `FLAG_BAD_BOOK`, `FLAG_BAD_TS` and native/core/src/log/record.rs `flag`
// (test/parity/quality.test.ts keeps the three equal).
export const QUALITY_FLAG_BITS = {
  "quality.gap": 4,
  "quality.bad_book": 8,
  "quality.bad_ts": 16,
} as const;

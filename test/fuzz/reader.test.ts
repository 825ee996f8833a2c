// The `.q` readers' fuzzing target in every `npm test` (./reader.ts): a bounded budget of each
// damage kind through both engines, then every input kept in ./reader-regressions/ (by
// `npm run fuzz -- --target reader`, or by hand), strict and lenient. A case passes when neither
// engine panics or throws uncoded, each is done in seconds, both give the same verdict, code
// and rows, and a refusal leaves nothing. `npm run fuzz -- --target reader --cases N` runs long.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seeded } from "./random.js";
import { baseFor, checkLog, DAMAGES, damage, type ReaderContext, readerContext } from "./reader.js";

/** Cases per damage kind in `npm test`: 10 kinds, about 2 s on two cores. */
const CASES = 24;
const SEED = 0x0f0220;

const folder = join(import.meta.dirname, "reader-regressions");
const kept = readdirSync(folder)
  .filter((name) => name.endsWith(".q"))
  .sort();

let ctx: ReaderContext;
beforeAll(async () => {
  ctx = await readerContext();
}, 300_000);

describe("the .q readers on damaged logs", () => {
  for (const [k, kind] of Object.keys(DAMAGES).entries()) {
    it(`${kind}: both engines agree in seconds, no panic, nothing left by a refusal`, async () => {
      const r = seeded(SEED + k);
      for (let i = 0; i < CASES; i++) {
        const base = ctx.bases[i % ctx.bases.length];
        const log = damage(base, kind, r);
        const result = await checkLog(ctx, base, log.bytes, log.lenient);
        expect(result.failure, `${base.name}, ${log.label}${log.lenient ? ", lenient" : ""}`).toBeUndefined();
      }
    }, 120_000);
  }
});

describe("the .q readers' fuzzing regressions", () => {
  it("has the inputs kept so far", () => {
    expect(kept.length).toBeGreaterThanOrEqual(6);
  });

  it.each(kept)("%s, strict and lenient", async (name) => {
    const bytes = new Uint8Array(readFileSync(join(folder, name)));
    for (const lenient of [false, true]) {
      const result = await checkLog(ctx, baseFor(ctx, bytes), bytes, lenient);
      expect(result.failure, lenient ? "lenient" : "strict").toBeUndefined();
    }
  });
});

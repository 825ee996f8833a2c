// NASDAQ TotalView-ITCH 5.0 in: the RITCH sample (zero-prefixed, gzip) imported per stock,
// with its message counts equal to the published figures.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as native from "../../runtime/native/binding.js";
import { REPO, scratchDir } from "../support/paths.js";

const SAMPLE = join(REPO, "..", "shared", "data", "itch", "ex20101224.TEST_ITCH_50.gz");
const PUBLISHED = { S: 6, R: 3, H: 3, A: 4997, F: 3, E: 198, X: 45, D: 1745, U: 12, P: 5000 };

describe("ITCH import: ex20101224.TEST_ITCH_50", () => {
  it("counts every message by type as published, and writes one L3 log per stock", () => {
    const r = native.importItch({ input: SAMPLE, outDir: join(scratchDir("import-itch"), "q") });
    expect(r.messagesIn).toBe(12_012);
    expect(Object.fromEntries(r.messagesByType)).toEqual(PUBLISHED);
    expect(r.files.map((f) => `${f.symbol}/${f.date}`)).toEqual([
      "ALC/2010-12-24",
      "BOB/2010-12-24",
      "CHAR/2010-12-24",
    ]);
    const info = native.inspectLog(r.files[0].path, 1);
    expect(info.header.venue).toBe("XNAS");
    expect(info.header.priceDecimals).toBe(4);
  });

  it("verify-book itch: all ten published counts agree", () => {
    const [c] = native.verifyBook("itch", [SAMPLE]);
    expect([c.events, c.rowsCompared, c.rowsEqual]).toEqual([12_012, 10, 10]);
  });
});

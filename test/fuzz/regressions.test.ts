// Every input that ever crashed, hung or slowed the front end, kept in ./regressions/ and
// replayed: each must now pass the fuzzing check (./frontend.ts), and its first line says what
// it once did. `npm run fuzz` adds the failures it finds there.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCase } from "./frontend.js";

const folder = join(import.meta.dirname, "regressions");
const files = readdirSync(folder)
  .filter((name) => name.endsWith(".feat"))
  .sort();

describe("fuzzing regressions", () => {
  it("has the inputs found so far", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  // The campaign holds each case to a second on a quiet machine; the suite shares its cores with
  // other tests, so a replay is given five.
  it.each(files)("%s", (name) => {
    const result = checkCase(readFileSync(join(folder, name), "utf8"), 5);
    expect(result.failure).toBeUndefined();
  });
});

// Bad LOBSTER input never crashes the importer, never hangs, and never leaves a partial log:
// truncated files, random bytes and shuffled lines (fast-check) either import into a sealed
// `.q` that the reader accepts, or fail with a coded error naming the file and line and leave
// nothing behind.
import { readdirSync, readFileSync, writeFileSync, existsSync, rmSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogReader } from "../../runtime/log/reader.js";
import * as native from "../../runtime/native/binding.js";
import { GOOG_MESSAGE, scratchDir } from "../support/paths.js";

const LINES = gunzipSync(readFileSync(GOOG_MESSAGE)).toString("utf8").split("\n").slice(0, 300);
const NAME = "GOOG_2012-06-21_34200000_57600000_message_10.csv";

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function importAndCheck(text: string | Uint8Array, lenient: boolean): void {
  const dir = scratchDir("lobster-fuzz");
  const input = join(dir, NAME);
  writeFileSync(input, text);
  const out = join(dir, "q");
  mkdirSync(out);
  try {
    const r = native.importLobster({ message: input, symbol: "GOOG", outDir: out, lenient });
    // A success is a sealed log the reader accepts, and nothing else.
    expect(allFiles(out)).toEqual([r.path]);
    expect(LogReader.open(r.path).recordCount).toBe(Number(r.records));
  } catch (e) {
    const err = e as Error & { code?: string };
    expect(err.code, err.message).toMatch(/^(LOBSTER_|Q_|BOOK_|IO|BAD_ARGUMENT)/);
    expect(err.message).toContain(NAME);
    expect(allFiles(out)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("LOBSTER importer on damaged input", () => {
  it("truncated at any byte", () => {
    const text = LINES.join("\n");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (cut) => importAndCheck(text.slice(0, cut), false)),
      { numRuns: 60 },
    );
  });

  it("random bytes spliced in, strict and lenient", () => {
    const text = Buffer.from(LINES.join("\n"));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: text.length - 1 }),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.boolean(),
        (at, junk, lenient) => {
          importAndCheck(Buffer.concat([text.subarray(0, at), junk, text.subarray(at)]), lenient);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("shuffled lines (time going backwards)", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(LINES.slice(0, 60), { minLength: 2 }), fc.boolean(), (lines, lenient) =>
        importAndCheck(lines.join("\n"), lenient),
      ),
      { numRuns: 60 },
    );
  });
});

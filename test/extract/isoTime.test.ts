// Command-line times are ISO-8601, exact to the nanosecond, and UTC unless they give an offset:
// the same command gives the same bytes in every time zone.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoTimeNs, TimeSyntaxError } from "../../compiler/extract/isoTime.js";
import { importGoogDay } from "../support/parity.js";
import { REPO, scratchDir } from "../support/paths.js";

describe("ISO-8601 times", () => {
  it("read dates, minutes, seconds and nanoseconds in UTC, and offsets when given", () => {
    expect(parseIsoTimeNs("1970-01-01")).toBe(0n);
    expect(parseIsoTimeNs("2012-06-21T14:00")).toBe(1340287200_000000000n);
    expect(parseIsoTimeNs("2012-06-21T14:00Z")).toBe(1340287200_000000000n);
    expect(parseIsoTimeNs("2012-06-21T10:00-04:00")).toBe(1340287200_000000000n);
    expect(parseIsoTimeNs("2012-06-21T16:00+0200")).toBe(1340287200_000000000n);
    expect(parseIsoTimeNs("2012-06-21T14:00:00.000000001Z")).toBe(1340287200_000000001n);
    expect(parseIsoTimeNs("2024-02-29T23:59:59.999999999")).toBe(1709251199_999999999n);
    expect(parseIsoTimeNs("1969-12-31T23:59:59Z")).toBe(-1_000_000_000n);
  });

  it("refuse what is not a time, naming the part", () => {
    for (const [text, reason] of [
      ["2012-06-21 14", /ISO-8601/],
      ["2023-02-29", /has no day 29/],
      ["2012-13-01", /month 13/],
      ["2012-06-21T24:00", /not a time of day/],
      ["2012-06-21T10:00+25:00", /not a UTC offset/],
      ["2012-06-21T10:00:00.1234567891Z", /ISO-8601/],
      ["yesterday", /ISO-8601/],
    ] as const) {
      expect(() => parseIsoTimeNs(text), text).toThrow(TimeSyntaxError);
      expect(() => parseIsoTimeNs(text), text).toThrow(reason);
    }
  });

  it("agree with Date.parse on every millisecond time with an explicit Z", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800_000, max: 4_102_444_800_000 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parseIsoTimeNs(text)).toBe(BigInt(ms) * 1_000_000n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("featc extract --from/--to without an offset", () => {
  it("writes the same bytes under TZ=UTC and TZ=America/New_York", () => {
    const dir = scratchDir("tz");
    importGoogDay(join(dir, "q"));
    const run = (tz: string) => {
      const out = join(dir, `out-${tz.replace("/", "-")}`);
      const r = spawnSync(
        "node",
        [
          join(REPO, "bin", "featc.js"),
          ...["extract", "examples/goog_1s.feat", "--source", join(dir, "q"), "--symbols", "GOOG", "--out", out],
          ...["--from", "2012-06-21T14:00", "--to", "2012-06-21T15:00", "--no-summary"],
        ],
        { cwd: REPO, encoding: "utf8", env: { ...process.env, TZ: tz } },
      );
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(out, "goog_1s", "symbol=GOOG", "date=2012-06-21", "part-0.parquet"));
    };
    const utc = run("UTC");
    const newYork = run("America/New_York");
    expect(newYork.equals(utc)).toBe(true);
  });
});

// Both readers check a log's header and sections alike (docs/formats/q.md, "Validity and
// errors"): each damaged copy of a real GOOG slice is refused by the TypeScript reader and the
// native one with the same code and the same words, and both engines refuse it with that code
// and leave nothing behind. Logs must be regular files: a FIFO, /dev/zero behind a symbolic link
// and a directory are refused at open by both, naming what they are, without blocking.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FeatcError } from "../../runtime/errors.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import * as native from "../../runtime/native/binding.js";
import { scratchDir } from "../support/paths.js";
import {
  type BaseLog,
  bothEngines,
  googSlice,
  hostileKernels,
  type Kernels,
  runEngine,
  writeCase,
} from "./support/hostileLogs.js";

const dir = scratchDir("log-checks");
let base: BaseLog;
let kernels: Kernels;
let view: DataView;

beforeAll(async () => {
  base = googSlice(join(dir, "base"));
  kernels = await hostileKernels(join(dir, "base"), base);
  view = new DataView(base.bytes.buffer, base.bytes.byteOffset, base.bytes.byteLength);
}, 300_000);

const u64 = (at: number) => Number(view.getBigUint64(at, true));
const recordsEnd = () => F.HEADER_LEN + F.RECORD_LEN * u64(F.H_RECORD_COUNT);

/** A copy of the base log's bytes, changed by `edit` through a DataView. */
function damaged(edit: (v: DataView, b: Uint8Array) => Uint8Array | void): Uint8Array {
  const b = Uint8Array.from(base.bytes);
  return edit(new DataView(b.buffer), b) ?? b;
}

/** The native reader's verdict on `bytes` as the file `<dir>/<case>/2012-06-21.q`. */
function nativeRead(name: string, bytes: Uint8Array): FeatcError | null {
  const source = writeCase(join(dir, name, "native-read"), base, bytes);
  try {
    native.inspectLog(join(source, base.symbol, `${base.date}.q`), 0);
    return null;
  } catch (e) {
    return e as FeatcError;
  }
}

function tsRead(bytes: Uint8Array): FeatcError | null {
  try {
    LogReader.fromBytes(bytes, `${base.date}.q`);
    return null;
  } catch (e) {
    return e as FeatcError;
  }
}

type Case = [name: string, damage: () => Uint8Array, code: string, message: () => RegExp];

const set64 = (v: DataView, at: number, value: bigint) => v.setBigUint64(at, BigInt.asUintN(64, value), true);

const cases: Case[] = [
  [
    "one record more than the header counts",
    () => damaged((v) => set64(v, F.H_RECORD_COUNT, BigInt(u64(F.H_RECORD_COUNT) - 1))),
    "Q_BAD_HEADER",
    () => {
      const n = u64(F.H_RECORD_COUNT);
      const [last, before] = [view.getBigInt64(F.H_LAST_TS, true), view.getBigInt64(recordsEnd() - 128, true)];
      return new RegExp(`^${base.date}\\.q: byte 32: last exchange time ${last} is not record ${n - 2}'s, ${before}$`);
    },
  ],
  [
    "one record more than the header counts, its last time too",
    () =>
      damaged((v) => {
        set64(v, F.H_RECORD_COUNT, BigInt(u64(F.H_RECORD_COUNT) - 1));
        v.setBigInt64(F.H_LAST_TS, v.getBigInt64(recordsEnd() - 128, true), true);
      }),
    "Q_BAD_HEADER",
    () =>
      new RegExp(
        `^${base.date}\\.q: byte 48: time index at byte ${recordsEnd()}, expected ${recordsEnd() - 64} \\(right after the records\\)$`,
      ),
  ],
  [
    "no records, time index kept",
    () =>
      damaged((v) => {
        for (const at of [F.H_RECORD_COUNT, F.H_FIRST_TS, F.H_LAST_TS]) set64(v, at, 0n);
        set64(v, F.H_INDEX_OFFSET, 256n);
      }),
    "Q_BAD_HEADER",
    () => /: byte 56: 2 time-index entries for 0 records, expected 0 \(one every 4096 records\)$/,
  ],
  [
    "no records, but times",
    () => damaged((v) => set64(v, F.H_RECORD_COUNT, 0n)),
    "Q_BAD_HEADER",
    () => /: byte 24: first and last exchange times \d+ and \d+ in a log without records, expected 0 and 0$/,
  ],
  [
    "an index entry naming another record",
    () => damaged((v) => set64(v, recordsEnd() + 16 + 8, 4097n)),
    "Q_BAD_HEADER",
    () => new RegExp(`: byte ${recordsEnd() + 24}: time-index entry 1 names record 4097, expected 4096$`),
  ],
  [
    "an index entry past the records",
    () => damaged((v) => set64(v, recordsEnd() + 16 + 8, 1n << 40n)),
    "Q_BAD_HEADER",
    () => /time-index entry 1 names record 1099511627776, expected 4096$/,
  ],
  [
    "an index entry with another time",
    () => damaged((v) => v.setBigInt64(recordsEnd(), v.getBigInt64(recordsEnd(), true) + 1n, true)),
    "Q_BAD_HEADER",
    () => /time-index entry 0 has exchange time \d+, but record 0 has \d+$/,
  ],
  [
    "too few index entries",
    () => damaged((v) => set64(v, F.H_INDEX_COUNT, 1n)),
    "Q_BAD_HEADER",
    () => /: byte 56: 1 time-index entries for \d+ records, expected 2 /,
  ],
  [
    "bytes after the last section",
    () => damaged((_, b) => Uint8Array.from([...b, ...new Uint8Array(100)])),
    "Q_BAD_HEADER",
    () =>
      new RegExp(
        `: byte ${base.bytes.length}: file has ${base.bytes.length + 100} bytes, but its sections end at byte ${base.bytes.length}: the 100 bytes after it belong to no section$`,
      ),
  ],
  [
    "a gap before the import report",
    () => damaged((v) => set64(v, F.H_REPORT_OFFSET, BigInt(u64(F.H_REPORT_OFFSET) + 1))),
    "Q_BAD_HEADER",
    () => /: byte 160: import report of \d+ bytes at byte \d+, expected a section of at least 1 byte at byte \d+/,
  ],
  [
    "a snapshot table without entries",
    () => damaged((v) => set64(v, F.H_SNAPSHOT_COUNT, 0n)),
    "Q_BAD_SNAPSHOT",
    () => /: byte 144: snapshot table at byte \d+ with no entries, expected 0 \(no snapshots\)$/,
  ],
  [
    "a first time that is not the first record's",
    () => damaged((v) => v.setBigInt64(F.H_FIRST_TS, v.getBigInt64(F.H_FIRST_TS, true) - 1n, true)),
    "Q_BAD_HEADER",
    () => /: byte 24: first exchange time \d+ is not record 0's, \d+$/,
  ],
  [
    "a first record at time 0",
    () => damaged((v) => v.setBigInt64(F.HEADER_LEN, 0n, true)),
    "Q_BAD_HEADER",
    () => /: byte 24: first exchange time \d+ is not record 0's, 0$/,
  ],
  [
    "a last time that is not the last record's",
    () => damaged((v) => v.setBigInt64(F.H_LAST_TS, 2n ** 63n - 1n, true)),
    "Q_BAD_HEADER",
    () => /: byte 32: last exchange time 9223372036854775807 is not record \d+'s, \d+$/,
  ],
  [
    "a last record before the first",
    () => damaged((v) => v.setBigInt64(F.H_LAST_TS, (v.setBigInt64(recordsEnd() - 64, 5n, true), 5n), true)),
    "Q_TIME_ORDER",
    () => /: record \d+ \(byte \d+\): exchange time 5 is before record 0's \d+$/,
  ],
  [
    "a record count past the file",
    () => damaged((v) => set64(v, F.H_RECORD_COUNT, 2n ** 64n - 1n)),
    "Q_TRUNCATED",
    () => /: record \d+ \(byte \d+\): file has \d+ bytes but the header counts 18446744073709551615 records$/,
  ],
  [
    "a magic with control bytes",
    () => damaged((_, b) => void b.set([0, 0x22, 0x5c, 0x41, 0xff, 0x0a, 0x4f, 0x47], 0)),
    "Q_BAD_MAGIC",
    () => /: byte 0: magic is "\\x00\\x22\\x5cA\\xff\\x0aOG", expected "FEATQLOG"$/,
  ],
  [
    "a cut inside the snapshot bodies",
    () => damaged((_, b) => b.subarray(0, u64(F.H_REPORT_OFFSET) - 10)),
    "Q_BAD_SNAPSHOT",
    () => /snapshot \d+: body of \d+ records at byte \d+ is outside the bodies/,
  ],
];

describe("the native and TypeScript readers refuse a damaged log alike", () => {
  it.each(cases)("%s", async (name, damage, code, message) => {
    const bytes = damage();
    const ts = tsRead(bytes);
    expect(ts, "the TypeScript reader accepted it").toBeInstanceOf(FeatcError);
    expect(ts!.code).toBe(code);
    expect(ts!.message).toMatch(message());
    const nat = nativeRead(name.replaceAll(" ", "-"), bytes);
    expect(nat, "the native reader accepted it").not.toBeNull();
    expect({ code: nat!.code, message: nat!.message }).toEqual({ code: ts!.code, message: ts!.message });
    // Both engines refuse it with that code, and leave no output.
    const { native: n } = await bothEngines(join(dir, name.replaceAll(" ", "-")), base, bytes, kernels);
    expect(n.ok ? "accepted" : n.code).toBe(code);
  });

  it("accept the base log, and both engines give it the same rows", async () => {
    expect(tsRead(base.bytes)).toBeNull();
    expect(nativeRead("base-read", base.bytes)).toBeNull();
    const { native: n } = await bothEngines(join(dir, "base-run"), base, base.bytes, kernels);
    expect(n.ok).toBe(true);
  });
});

describe("records the header's range or order rule out", () => {
  const middle = 1000;
  const at = F.HEADER_LEN + F.RECORD_LEN * middle;
  const recordCases: [string, () => Uint8Array, string, RegExp][] = [
    [
      "a record after the log's last time",
      () => damaged((v) => v.setBigInt64(at, v.getBigInt64(F.H_LAST_TS, true) + 1n, true)),
      "Q_BAD_RECORD",
      new RegExp(`record ${middle} \\(byte ${at}\\): exchange time \\d+ is outside the log's range \\d+\\.\\.\\d+ `),
    ],
    [
      "a record at the end of time",
      () => damaged((v) => v.setBigInt64(at, 2n ** 63n - 1n, true)),
      "Q_BAD_RECORD",
      /exchange time 9223372036854775807 is outside the log's range/,
    ],
    [
      "a record at the start of time",
      () => damaged((v) => v.setBigInt64(at, -(2n ** 63n), true)),
      "Q_TIME_ORDER",
      new RegExp(
        `record ${middle} \\(byte ${at}\\): exchange time -9223372036854775808 is before the previous record's`,
      ),
    ],
    [
      "a price a number cannot hold",
      () => damaged((v) => v.setBigInt64(at + F.R_PRICE, 2n ** 53n, true)),
      "Q_BAD_RECORD",
      /price 9007199254740992 is outside \+-2\^53 and cannot be held exactly$/,
    ],
    [
      "a size of i64::MIN",
      () => damaged((v) => v.setBigInt64(at + F.R_SIZE, -(2n ** 63n), true)),
      "Q_BAD_RECORD",
      /size -9223372036854775808 is outside \+-2\^53/,
    ],
  ];

  it.each(recordCases)("%s: the same error from both engines", async (name, damage, code, message) => {
    const bytes = damage();
    // The readers check the header, not each record: both open it.
    expect(tsRead(bytes)).toBeNull();
    const { native: n, ts } = await bothEngines(join(dir, name.replaceAll(" ", "-")), base, bytes, kernels);
    expect(n.ok ? "accepted" : n.code).toBe(code);
    expect(ts.ok ? "" : ts.message).toMatch(message);
  });
});

describe("a log that is not a regular file", () => {
  const special = join(dir, "special");
  const cases: [string, () => string, RegExp][] = [
    [
      "a FIFO",
      () => {
        const path = join(special, "fifo", "GOOG", "2012-06-21.q");
        mkdirSync(join(special, "fifo", "GOOG"), { recursive: true });
        execFileSync("mkfifo", [path]);
        return path;
      },
      /: not a regular file but a FIFO \(named pipe\); a log must be a regular file$/,
    ],
    [
      "/dev/zero behind a symbolic link",
      () => {
        const path = join(special, "zero", "GOOG", "2012-06-21.q");
        mkdirSync(join(special, "zero", "GOOG"), { recursive: true });
        symlinkSync("/dev/zero", path);
        return path;
      },
      /: not a regular file but a character device \(through a symbolic link\); a log must be a regular file$/,
    ],
    [
      "a directory",
      () => {
        const path = join(special, "dir", "GOOG", "2012-06-21.q");
        mkdirSync(path, { recursive: true });
        return path;
      },
      /: not a regular file but a directory; a log must be a regular file$/,
    ],
  ];

  it.each(cases)("%s is refused at open by both readers and both engines, naming it", async (_, make, message) => {
    const path = make();
    const started = performance.now();
    const errors: FeatcError[] = [];
    for (const read of [() => LogReader.open(path), () => native.inspectLog(path, 0)]) {
      try {
        read();
      } catch (e) {
        errors.push(e as FeatcError);
      }
    }
    for (const engine of ["native", "ts"] as const) {
      const o = await runEngine(engine, kernels, path, join(path, "..", "..", engine, "part-0.parquet"));
      if (!o.ok) errors.push(new FeatcError(o.code as "IO", o.message));
    }
    expect(errors.map((e) => e.code)).toEqual(["IO", "IO", "IO", "IO"]);
    for (const e of errors) expect(e.message).toMatch(message);
    expect(errors[0].message).toBe(`${path}: ${errors[0].message.slice(path.length + 2)}`);
    expect((performance.now() - started) / 1000).toBeLessThan(5);
  });
});

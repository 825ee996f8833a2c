// The importers under fuzzing (docs/reliability.md, "Fuzzing the readers and importers"): every
// importer of `featc import` (LOBSTER, ITCH, DBN, Binance, Tardis) on damaged copies of slices
// of the real samples in /work/shared/data, called in process through the addon as the command
// line calls them (runtime/native/binding.ts). Shared by the campaign target
// (./targets/importers.ts) and the bounded test (./importers.test.ts).
//
// A case passes when the importer either succeeds, writing only sealed logs the reader opens,
// or fails with a coded error (a code of runtime/errors.ts, never INTERNAL or PANIC) whose
// message names the input file and a line or byte offset (and is not an I/O error when the file
// is plain: only a corrupt gzip or zstd stream fails to read), leaving no file at all (neither
// under a final name nor a temp file) in the output folder; and it takes less than CASE_SECONDS.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { FEATC_ERROR_CODES } from "../../runtime/errors.js";
import { LogReader } from "../../runtime/log/reader.js";
import * as native from "../../runtime/native/binding.js";
import { filesUnder } from "../parity/support/hostileRuns.js";
import { GOOG_MESSAGE, GOOG_ORDERBOOK, REPO, scratchDir } from "../support/paths.js";
import type { CaseResult } from "./campaign.js";
import type { Random } from "./random.js";

/** The longest an import of a damaged slice may take. */
export const CASE_SECONDS = 3;

const DATA = join(REPO, "..", "shared", "data");

/** One importer on one kind of input: the file a case damages and how to import it. */
export interface Subject {
  /** The generator's name, e.g. `dbn mbo`. */
  name: string;
  /** Ends a regression file's name: says which subject replays it (`.dbn-mbo.dbn`). */
  extension: string;
  /** The name the damaged input is written under (some importers read the date or compression from it). */
  fileName: string;
  /** The undamaged input. */
  base: Uint8Array;
  /** How the input is framed, which decides the damage that fits it. */
  framing: Framing;
  /** Imports `input` (with any companion files this subject writes itself) into `out`. */
  run(input: string, out: string, lenient: boolean, dir: string): string[];
}

type Framing =
  | { kind: "lines" }
  | { kind: "itch" }
  | { kind: "dbn" }
  /** gzip or zstd of an input framed as `inner`: damage goes to the compressed bytes. */
  | { kind: "gz" | "zst"; inner: Uint8Array };

function firstLines(text: string, n: number): string {
  return text.split("\n").slice(0, n).join("\n") + "\n";
}

function gunzipText(path: string): string {
  return gunzipSync(readFileSync(path)).toString("utf8");
}

function zstdDecode(path: string): Uint8Array {
  return new Uint8Array(execFileSync("zstd", ["-dc", path], { maxBuffer: 1 << 28 }));
}

function zstdEncode(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync("zstd", ["-q", "-c", "-3"], { input: bytes, maxBuffer: 1 << 28 }));
}

/** The byte offsets where each ITCH message of `b` starts (a 2-byte prefix, then the message). */
export function itchBoundaries(b: Uint8Array): number[] {
  const at: number[] = [];
  for (let p = 0; p + 3 <= b.length;) {
    const len = (b[p] << 8) | b[p + 1] || ITCH_LENGTHS[String.fromCharCode(b[p + 2])];
    if (!len) break;
    at.push(p);
    p += 2 + len;
  }
  return at;
}

const ITCH_LENGTHS: Record<string, number> = {
  ...{ S: 12, R: 39, H: 25, Y: 20, L: 26, V: 35, W: 12, K: 28, J: 35, h: 21, A: 36, F: 40 },
  ...{ E: 31, C: 36, X: 23, D: 19, U: 35, P: 44, Q: 40, B: 19, I: 50, N: 20, O: 48 },
};

/** The byte offsets where each DBN record of `b` starts (after the prelude and metadata). */
export function dbnBoundaries(b: Uint8Array): number[] {
  if (b.length < 8) return [];
  const meta = new DataView(b.buffer, b.byteOffset).getUint32(4, true);
  const at: number[] = [];
  for (let p = 8 + meta; p < b.length && b[p] > 0; p += 4 * b[p]) at.push(p);
  return at;
}

/** The first `n` records of a DBN stream. */
function dbnPrefix(b: Uint8Array, n: number): Uint8Array {
  const at = dbnBoundaries(b);
  return n < at.length ? b.subarray(0, at[n]) : b;
}

/** The first `n` messages of an ITCH stream. */
function itchPrefix(b: Uint8Array, n: number): Uint8Array {
  const at = itchBoundaries(b);
  return n < at.length ? b.subarray(0, at[n]) : b;
}

const LOBSTER_MESSAGE = "GOOG_2012-06-21_34200000_57600000_message_10.csv";
const LOBSTER_ORDERBOOK = "GOOG_2012-06-21_34200000_57600000_orderbook_10.csv";

let subjects: Subject[] | undefined;

/** Every subject, built on first use from slices of the samples (small, so a case is cheap). */
export function importerSubjects(): Subject[] {
  if (subjects) return subjects;
  const text = (s: string) => new Uint8Array(Buffer.from(s));
  const message = firstLines(gunzipText(GOOG_MESSAGE), 400);
  const orderbook = firstLines(gunzipText(GOOG_ORDERBOOK), 400);
  const lobster = (role: "message" | "orderbook") => (input: string, out: string, lenient: boolean, dir: string) => {
    const other = join(dir, role === "message" ? LOBSTER_ORDERBOOK : LOBSTER_MESSAGE);
    writeFileSync(other, role === "message" ? orderbook : message);
    const r = native.importLobster({
      message: role === "message" ? input : other,
      orderbook: role === "orderbook" ? input : other,
      symbol: "GOOG",
      outDir: out,
      lenient,
      snapshotEveryNs: 60e9,
    });
    return [r.path];
  };
  const itch = itchPrefix(gunzipSync(readFileSync(join(DATA, "itch", "ex20101224.TEST_ITCH_50.gz"))), 3000);
  const runItch = (input: string, out: string, lenient: boolean) =>
    native.importItch({ input, outDir: out, lenient, date: "2010-12-24" }).files.map((f) => f.path);
  const runDbn = (input: string, out: string, lenient: boolean) =>
    native.importDbn({ inputs: [input], outDir: out, lenient }).files.map((f) => f.path);
  const dbn = (path: string, records: number) => dbnPrefix(zstdDecode(join(DATA, "databento", path)), records);
  const mbo = dbn("cme-esh4/esh4-glbx-mdp3-20231225.mbo.dbn.zst", 1500);
  const binanceSpot = text(firstLines(gunzipText(join(DATA, "binance", "spot_btcusdt_20240808.gz")), 500));
  const binanceUsdm = text(firstLines(gunzipText(join(DATA, "binance", "usdm_btcusdt_20240808.gz")), 500));
  const runBinance = (input: string, out: string, lenient: boolean) =>
    native.importBinance({ inputs: [input], outDir: out, lenient, snapshotEveryNs: 5e9 }).files.map((f) => f.path);
  const tardis = (file: string, rows: number) =>
    text(firstLines(readFileSync(join(DATA, "tardis", file), "utf8"), rows + 1));
  const runTardis = (symbol: string) => (input: string, out: string, lenient: boolean) =>
    native.importTardis({ inputs: [input], outDir: out, symbol, lenient }).files.map((f) => f.path);
  const quotes = tardis("tardis_quotes.csv", 300);
  subjects = [
    {
      name: "lobster message",
      extension: ".lobster-message.csv",
      fileName: LOBSTER_MESSAGE,
      base: text(message),
      framing: { kind: "lines" },
      run: lobster("message"),
    },
    {
      name: "lobster orderbook",
      extension: ".lobster-orderbook.csv",
      fileName: LOBSTER_ORDERBOOK,
      base: text(orderbook),
      framing: { kind: "lines" },
      run: lobster("orderbook"),
    },
    {
      name: "lobster message gz",
      extension: ".lobster-message.csv.gz",
      fileName: `${LOBSTER_MESSAGE}.gz`,
      base: gzipSync(message),
      framing: { kind: "gz", inner: text(message) },
      run: lobster("message"),
    },
    {
      name: "itch",
      extension: ".itch",
      fileName: "ex20101224.TEST_ITCH_50",
      base: itch,
      framing: { kind: "itch" },
      run: runItch,
    },
    {
      name: "itch gz",
      extension: ".itch.gz",
      fileName: "ex20101224.TEST_ITCH_50.gz",
      base: gzipSync(itch),
      framing: { kind: "gz", inner: itch },
      run: runItch,
    },
    {
      name: "dbn mbo",
      extension: ".dbn-mbo.dbn",
      fileName: "esh4.mbo.dbn",
      base: mbo,
      framing: { kind: "dbn" },
      run: runDbn,
    },
    {
      name: "dbn mbo zst",
      extension: ".dbn-mbo.dbn.zst",
      fileName: "esh4.mbo.dbn.zst",
      base: zstdEncode(mbo),
      framing: { kind: "zst", inner: mbo },
      run: runDbn,
    },
    {
      name: "dbn mbp-1",
      extension: ".dbn-mbp1.dbn",
      fileName: "esu4.mbp-1.dbn",
      base: dbn("cme-esu4/futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst", 800),
      framing: { kind: "dbn" },
      run: runDbn,
    },
    {
      name: "dbn mbp-10",
      extension: ".dbn-mbp10.dbn",
      fileName: "test_data.mbp-10.dbn",
      base: dbn("xnas-itch/test_data.mbp-10.dbn.zst", 100),
      framing: { kind: "dbn" },
      run: runDbn,
    },
    {
      name: "dbn trades",
      extension: ".dbn-trades.dbn",
      fileName: "esu4.trades.dbn",
      base: dbn("cme-esu4/futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn.zst", 120),
      framing: { kind: "dbn" },
      run: runDbn,
    },
    {
      name: "dbn tbbo v1",
      extension: ".dbn-tbbo-v1.dbn",
      fileName: "test_data.tbbo.v1.dbn",
      base: dbn("dbn-tests/test_data.tbbo.v1.dbn.zst", 100),
      framing: { kind: "dbn" },
      run: runDbn,
    },
    {
      name: "binance spot",
      extension: ".binance-spot",
      fileName: "spot_btcusdt_20240808",
      base: binanceSpot,
      framing: { kind: "lines" },
      run: runBinance,
    },
    {
      name: "binance usdm",
      extension: ".binance-usdm",
      fileName: "usdm_btcusdt_20240808",
      base: binanceUsdm,
      framing: { kind: "lines" },
      run: runBinance,
    },
    {
      name: "binance spot gz",
      extension: ".binance-spot.gz",
      fileName: "spot_btcusdt_20240808.gz",
      base: gzipSync(binanceSpot),
      framing: { kind: "gz", inner: binanceSpot },
      run: runBinance,
    },
    {
      name: "tardis quotes",
      extension: ".tardis-quotes.csv",
      fileName: "tardis_quotes.csv",
      base: quotes,
      framing: { kind: "lines" },
      run: runTardis("BTCUSDT"),
    },
    {
      name: "tardis trades",
      extension: ".tardis-trades.csv",
      fileName: "tardis_trades.csv",
      base: tardis("tardis_trades.csv", 300),
      framing: { kind: "lines" },
      run: runTardis("BTCUSDT"),
    },
    {
      name: "tardis snapshot",
      extension: ".tardis-snapshot.csv",
      fileName: "binance-futures_book_snapshot_5_BTCUSDT.csv",
      base: tardis("binance-futures_book_snapshot_5_BTCUSDT.csv", 10),
      framing: { kind: "lines" },
      run: runTardis("BTCUSDT"),
    },
    {
      name: "tardis incremental",
      extension: ".tardis-incremental.csv",
      fileName: "deribit_incremental_book_L2_BTC-PERPETUAL.csv",
      base: tardis("deribit_incremental_book_L2_BTC-PERPETUAL.csv", 15),
      framing: { kind: "lines" },
      run: runTardis("BTC-PERPETUAL"),
    },
    {
      name: "tardis quotes gz",
      extension: ".tardis-quotes.csv.gz",
      fileName: "tardis_quotes.csv.gz",
      base: gzipSync(quotes),
      framing: { kind: "gz", inner: quotes },
      run: runTardis("BTCUSDT"),
    },
  ];
  return subjects;
}

// ---- Damage ---------------------------------------------------------------------------------

/** A damaged input and what was done to it. */
export interface DamagedInput {
  bytes: Uint8Array;
  lenient: boolean;
  label: string;
}

/** Numbers at the edges of every parser's range, put in place of a number in a text line. */
const EXTREME_TEXT = [
  ...["0", "-0", "-1", "1", "00000000000000000001", "9223372036854775807", "9223372036854775808"],
  ...["-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616"],
  ...["1e308", "1e-308", "NaN", "inf", "-inf", "0x10", "1.", ".5", "", " ", "1.0000000000000000000001"],
  ...["99999999999999999999.99999999999", "0.000000000000000000001", "4294967296", "-4294967296"],
  ...["9007199254740993", "1.5e3", "+1", "--1", "1,5", "١٢٣"],
];

/** Values at the edges of binary fields, little or big endian as the format is. */
const EXTREME_BYTES: number[][] = [
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0, 0, 0, 0, 0, 0, 0, 0x80],
  [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x80, 0, 0, 0, 0, 0, 0, 0],
  [1, 0, 0, 0, 0, 0, 0, 0],
  [0xff, 0xff, 0xff, 0x7f],
  [0, 0, 0, 0x80],
  [0xff, 0xff],
  [0],
  [0xff],
];

function splitLines(b: Uint8Array): string[] {
  return Buffer.from(b).toString("latin1").split("\n");
}

function joinLines(lines: string[]): Uint8Array {
  return new Uint8Array(Buffer.from(lines.join("\n"), "latin1"));
}

type Damage = (b: Uint8Array, r: Random, boundaries: () => number[]) => { bytes: Uint8Array; label: string };

const ANY_BYTES: Record<string, Damage> = {
  "cut at random": (b, r) => {
    const at = r.int(0, b.length + 1);
    return { bytes: b.subarray(0, at), label: `cut at byte ${at}` };
  },
  "cut at a record boundary": (b, r, boundaries) => {
    const at = boundaries();
    const cut = at.length > 0 ? r.pick([...at, at[0], b.length]) : 0;
    const back = r.pick([0, 0, 1, -1]);
    const end = Math.max(0, Math.min(b.length, cut + back));
    return {
      bytes: b.subarray(0, end),
      label: `cut at byte ${end} (a record boundary${back ? ` ${back > 0 ? "+" : ""}${back}` : ""})`,
    };
  },
  "bits flipped": (b, r) => {
    const c = Uint8Array.from(b);
    const flips: string[] = [];
    for (let k = r.int(1, 5); k > 0 && c.length > 0; k--) {
      const at = r.int(0, c.length);
      const bit = r.int(0, 8);
      c[at] ^= 1 << bit;
      flips.push(`${at}.${bit}`);
    }
    return { bytes: c, label: `bits flipped at ${flips.join(", ")}` };
  },
  "random bytes": (b, r) => {
    const c = Uint8Array.from(b);
    const len = Math.min(c.length, r.int(1, 33));
    const at = r.int(0, c.length - len + 1);
    c.set(r.bytes(len), at);
    return { bytes: c, label: `${len} random bytes at ${at}` };
  },
  "random bytes inserted": (b, r) => {
    const len = r.int(1, 65);
    const at = r.int(0, b.length + 1);
    return {
      bytes: Uint8Array.from([...b.subarray(0, at), ...r.bytes(len), ...b.subarray(at)]),
      label: `${len} random bytes inserted at ${at}`,
    };
  },
};

const TEXT: Record<string, Damage> = {
  "lines deleted": (b, r) => {
    const lines = splitLines(b);
    const at = r.int(0, lines.length);
    const n = r.pick([1, 1, 2, 10]);
    lines.splice(at, n);
    return { bytes: joinLines(lines), label: `${n} lines deleted at line ${at + 1}` };
  },
  "line duplicated": (b, r) => {
    const lines = splitLines(b);
    const at = r.int(0, lines.length);
    const to = r.next() < 0.5 ? at : r.int(0, lines.length);
    lines.splice(to, 0, lines[at]);
    return { bytes: joinLines(lines), label: `line ${at + 1} copied before line ${to + 1}` };
  },
  "lines swapped": (b, r) => {
    const lines = splitLines(b);
    const i = r.int(0, lines.length);
    const j = r.next() < 0.5 ? Math.min(lines.length - 1, i + 1) : r.int(0, lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return { bytes: joinLines(lines), label: `lines ${i + 1} and ${j + 1} swapped` };
  },
  "extreme number": (b, r) => {
    const lines = splitLines(b);
    const at = r.int(0, lines.length);
    const numbers = [...lines[at].matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)];
    if (numbers.length === 0) return { bytes: b, label: `line ${at + 1} has no number` };
    const m = r.pick(numbers);
    const value = r.pick(EXTREME_TEXT);
    lines[at] = lines[at].slice(0, m.index) + value + lines[at].slice(m.index! + m[0].length);
    return { bytes: joinLines(lines), label: `line ${at + 1}: ${m[0]} -> ${JSON.stringify(value)}` };
  },
  "line ends": (b, r) => {
    const lines = splitLines(b);
    const at = r.int(0, lines.length);
    const end = r.pick(["\r", "\r\r", "\0", "\t", " ", ",", ",,", '"', "\\"]);
    lines[at] = r.next() < 0.5 ? lines[at] + end : end + lines[at];
    return { bytes: joinLines(lines), label: `line ${at + 1} with ${JSON.stringify(end)}` };
  },
};

const BINARY: Record<string, Damage> = {
  "extreme field": (b, r, boundaries) => {
    const at = boundaries();
    if (at.length === 0) return { bytes: b, label: "no record" };
    const c = Uint8Array.from(b);
    const start = r.pick(at);
    const value = r.pick(EXTREME_BYTES);
    // A field start: any byte of a record's first 64 (a header, ids, prices, sizes, times).
    const offset = start + r.int(0, 64);
    for (let k = 0; k < value.length && offset + k < c.length; k++) c[offset + k] = value[k];
    return { bytes: c, label: `${value.length} extreme bytes at ${offset} (record at ${start})` };
  },
  "records swapped": (b, r, boundaries) => {
    const at = boundaries();
    if (at.length < 2) return { bytes: b, label: "fewer than 2 records" };
    const i = r.int(0, at.length - 1);
    const [a, mid, end] = [at[i], at[i + 1], at[i + 2] ?? b.length];
    const c = Uint8Array.from([
      ...b.subarray(0, a),
      ...b.subarray(mid, end),
      ...b.subarray(a, mid),
      ...b.subarray(end),
    ]);
    return { bytes: c, label: `records at ${a} and ${mid} swapped` };
  },
  "record duplicated": (b, r, boundaries) => {
    const at = boundaries();
    if (at.length === 0) return { bytes: b, label: "no record" };
    const i = r.int(0, at.length);
    const [a, end] = [at[i], at[i + 1] ?? b.length];
    const c = Uint8Array.from([...b.subarray(0, end), ...b.subarray(a, end), ...b.subarray(end)]);
    return { bytes: c, label: `record at ${a} duplicated` };
  },
};

const FRAMING: Record<string, (b: Uint8Array, r: Random, kind: "gz" | "zst") => { bytes: Uint8Array; label: string }> =
  {
    "frame header damaged": (b, r) => {
      const c = Uint8Array.from(b);
      const at = r.int(0, Math.min(18, c.length));
      c[at] ^= 1 << r.int(0, 8);
      return { bytes: c, label: `frame header byte ${at} flipped` };
    },
    "frame trailer damaged": (b, r) => {
      const c = Uint8Array.from(b);
      const at = Math.max(0, c.length - 1 - r.int(0, 8));
      c[at] ^= 1 << r.int(0, 8);
      return { bytes: c, label: `frame trailer byte ${at} flipped` };
    },
    "frame cut": (b, r) => {
      const at = r.pick([r.int(0, b.length), b.length - 1, b.length - 4, b.length - 8, 4, 10]);
      return { bytes: b.subarray(0, Math.max(0, at)), label: `compressed stream cut at ${at}` };
    },
    "frame followed by garbage": (b, r) => {
      const tail = r.next() < 0.5 ? r.bytes(r.int(1, 64)) : b.subarray(0, r.int(1, 40));
      return { bytes: Uint8Array.from([...b, ...tail]), label: `${tail.length} bytes after the frame` };
    },
    "compressed bytes damaged": (b, r) => {
      const c = Uint8Array.from(b);
      const at = r.int(0, c.length);
      c[at] = r.int(0, 256);
      return { bytes: c, label: `compressed byte ${at} set` };
    },
    "frames concatenated": (b, _r, kind) => ({
      bytes: Uint8Array.from([...b, ...b]),
      label: `two ${kind} frames`,
    }),
  };

/** The damage kinds that fit a subject's framing. */
export function damageKinds(s: Subject): string[] {
  switch (s.framing.kind) {
    case "lines":
      return [...Object.keys(ANY_BYTES), ...Object.keys(TEXT)];
    case "itch":
    case "dbn":
      return [...Object.keys(ANY_BYTES), ...Object.keys(BINARY)];
    default:
      return Object.keys(FRAMING).concat(["inner damaged"]);
  }
}

/** A damaged copy of `s`'s input: a damage kind drawn at random, lenient about half the time. */
export function damageInput(s: Subject, r: Random): DamagedInput {
  const kind = r.pick(damageKinds(s));
  const lenient = r.next() < 0.5;
  const framing = s.framing;
  const boundariesOf = (b: Uint8Array, f: Framing) => () => {
    if (f.kind === "itch") return itchBoundaries(b);
    if (f.kind === "dbn") return dbnBoundaries(b);
    const out = [0];
    for (let i = 0; i < b.length; i++) if (b[i] === 10) out.push(i + 1);
    return out;
  };
  if (framing.kind === "gz" || framing.kind === "zst") {
    if (kind === "inner damaged") {
      // The decoded bytes damaged, then framed again: the importer sees a sound frame.
      const inner = damageInner(framing.inner, r);
      const bytes = framing.kind === "gz" ? gzipSync(inner.bytes) : zstdEncode(inner.bytes);
      return { bytes, lenient, label: `${inner.label}, ${framing.kind} again` };
    }
    const d = FRAMING[kind](s.base, r, framing.kind);
    return { ...d, lenient };
  }
  const table = { ...ANY_BYTES, ...TEXT, ...BINARY };
  const d = table[kind](s.base, r, boundariesOf(s.base, framing));
  return { ...d, lenient };
}

/** Damage to the decoded bytes of a compressed subject: bytes, bits or a cut. */
function damageInner(b: Uint8Array, r: Random): { bytes: Uint8Array; label: string } {
  const kind = r.pick(Object.keys(ANY_BYTES));
  const lines = () => {
    const out = [0];
    for (let i = 0; i < b.length; i++) if (b[i] === 10) out.push(i + 1);
    return out;
  };
  return ANY_BYTES[kind](b, r, lines);
}

// ---- The check ------------------------------------------------------------------------------

const CODES = new Set<string>(FEATC_ERROR_CODES);
const BUGS = new Set(["PANIC", "INTERNAL"]);
/** A place in a file: a line, a byte offset, a record or a message number, or `file:line:`. */
const PLACE = /\b(line|byte|byte offset|offset|record|message|row) \d+|:\d+: /;

/** The folders one campaign reuses: the damaged input goes to `in/`, the logs to `out/`. */
let folders: { input: string; out: string } | undefined;

function caseFolders(): { input: string; out: string } {
  if (!folders) {
    const dir = scratchDir("fuzz-importers");
    folders = { input: join(dir, "in"), out: join(dir, "out") };
  }
  rmSync(folders.input, { recursive: true, force: true });
  rmSync(folders.out, { recursive: true, force: true });
  mkdirSync(folders.input, { recursive: true });
  mkdirSync(folders.out, { recursive: true });
  return folders;
}

/** Imports `bytes` as `s`'s input and says whether the importer behaved (see the header). */
export function checkImport(s: Subject, bytes: Uint8Array, lenient: boolean): CaseResult {
  const { input: dir, out } = caseFolders();
  const input = join(dir, s.fileName);
  writeFileSync(input, bytes);
  const started = performance.now();
  let failure: string | undefined;
  let written: string[] | undefined;
  try {
    written = s.run(input, out, lenient, dir);
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; name?: unknown };
    const code = typeof err.code === "string" ? err.code : undefined;
    const message = String(err.message);
    if (code === undefined) failure = `uncoded ${String(err.name)}: ${message}`;
    else if (BUGS.has(code) || !CODES.has(code)) failure = `${code}: ${message}`;
    else if (
      !message.includes(s.fileName) &&
      !message.includes(LOBSTER_MESSAGE) &&
      !message.includes(LOBSTER_ORDERBOOK)
    )
      failure = `${code} does not name the file: ${message}`;
    else if (!PLACE.test(message)) failure = `${code} names no line or byte offset: ${message}`;
    // A plain input on disk always reads: an I/O error there is a line's fault told as the
    // file's, which `--lenient` cannot skip (a byte that is not UTF-8 used to be one).
    else if (code === "IO" && (s.framing.kind === "lines" || s.framing.kind === "itch" || s.framing.kind === "dbn"))
      failure = `an I/O error on a plain file that reads: ${message}`;
    const left = filesUnder(out);
    if (left.length > 0) failure = `${failure ? `${failure}; ` : ""}${code} left ${left.join(", ")}`;
  }
  const seconds = (performance.now() - started) / 1000;
  if (written) {
    // A success is sealed logs the reader opens, and nothing else in the folder.
    const left = filesUnder(out).sort();
    if (left.join() !== [...written].sort().join()) failure = `wrote ${written.join(", ")} but left ${left.join(", ")}`;
    for (const path of written) {
      try {
        if (!existsSync(path)) failure = `reported ${path}, which is not there`;
        else LogReader.open(path);
      } catch (e) {
        failure = `wrote ${path}, which the reader refuses: ${(e as Error).message}`;
      }
    }
  }
  if (seconds > CASE_SECONDS) failure = `${failure ? `${failure}; ` : ""}took ${seconds.toFixed(2)} s`;
  return { failure, seconds };
}

/** The subject a regression file names by its extension (the longest that fits). */
export function subjectOf(fileName: string): Subject | undefined {
  return importerSubjects()
    .filter((s) => fileName.endsWith(s.extension))
    .sort((a, b) => b.extension.length - a.extension.length)[0];
}

// Parquet encodings: the measured choice of how featc encodes its columns (docs/formats/parquet.md).
// featc's own outputs of real days (LOBSTER GOOG, a spec's row a second and a row an event;
// Databento ESH4 a row an event) and of the 10 M-event synthetic day are each read and written
// again, zstd and their row groups as they are, under each way of encoding the value columns
// (PLAIN; BYTE_STREAM_SPLIT for the floats; DELTA_BINARY_PACKED for the timestamps; both), by
// bench/reference/src/bin/encodings.rs, which checks every variant decodes to the same rows.
// Reported: each file's size, and the medians of its CPU times to encode and to decode.
// Run alone by `npm run bench -- --only encodings`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";

const RUNS = 5;

/** The first Parquet file under `dir`. */
function parquetUnder(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith(".parquet")) return join(e.parentPath ?? e.path, e.name);
  throw new Error(`no Parquet file under ${dir}`);
}

/** A spec like `spec`, its trigger every event and its dataset renamed, written into `dir`. */
function everyEvent(repo, spec, dir) {
  const text = readFileSync(join(repo, spec), "utf8");
  const changed = text
    .replace(/trigger trade or every 1s/, "trigger event")
    .replace(/dataset (\w+)/, "dataset $1_every_event");
  if (changed === text) throw new Error(`${spec}: no trigger to change`);
  const path = join(dir, spec.replace(/.*\//, "").replace(".feat", "_every_event.feat"));
  writeFileSync(path, changed);
  return path;
}

export function measureEncodings({ repo, log = () => {} }) {
  const out = join(repo, "bench", "out", "encodings");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const featc = (...args) =>
    execFileSync(process.execPath, [join(repo, "bin", "featc.js"), ...args], {
      cwd: repo,
      stdio: ["ignore", "ignore", "inherit"],
    });
  const q = join(out, "q");
  log("encodings: importing GOOG and ESH4");
  const lobster = (k) => join(repo, `examples/data/lobster/GOOG_2012-06-21_34200000_57600000_${k}_10.csv.gz`);
  featc("import", "lobster", lobster("message"), "--orderbook", lobster("orderbook"), "--symbol", "GOOG", "--out", q);
  const dbn = join(repo, "..", "shared", "data", "databento", "cme-esh4");
  const inputs = [];
  const extract = (name, spec, source, symbol, ...extra) => {
    const dest = join(out, "out", name.replace(/\W+/g, "-"));
    featc(
      "extract",
      spec,
      "--source",
      source,
      "--symbols",
      symbol,
      "--out",
      dest,
      "--no-summary",
      "--cache-dir",
      join(repo, ".featc"),
      ...extra,
    );
    inputs.push({ name, path: parquetUnder(dest) });
  };
  extract("GOOG 2012-06-21, goog_1s (a row a trade and a second)", join(repo, "examples", "goog_1s.feat"), q, "GOOG");
  extract(
    "GOOG 2012-06-21, goog_1s's columns a row an event",
    everyEvent(repo, "examples/goog_1s.feat", out),
    q,
    "GOOG",
  );
  if (!existsSync(dbn)) log(`encodings: ${dbn} is missing: the ESH4 day is left out of the table`);
  else {
    featc(
      "import",
      "dbn",
      join(dbn, "esh4-glbx-mdp3-20231224.mbo.dbn.zst"),
      join(dbn, "esh4-glbx-mdp3-20231225.mbo.dbn.zst"),
      "--out",
      q,
    );
    const window = ["--from", "2023-12-25T22:00Z", "--to", "2023-12-26T00:00Z"];
    extract(
      "Databento ESH4 2023-12-25 22:00-24:00, es_mbo's columns a row an event",
      everyEvent(repo, "examples/es_mbo.feat", out),
      q,
      "ESH4",
      ...window,
    );
  }
  const synthetic = join(repo, "bench", "out", "q");
  if (!existsSync(join(synthetic, "SYN"))) {
    featc("gen", "--events", "10000000", "--seed", "42", "--out", synthetic, "--force");
  }
  extract("synthetic 10 M-event day, goog_1s", join(repo, "examples", "goog_1s.feat"), synthetic, "SYN");

  log("encodings: building featc-encodings");
  execFileSync(
    "cargo",
    [
      "build",
      "--release",
      "--quiet",
      "--manifest-path",
      join(repo, "bench", "reference", "Cargo.toml"),
      "--bin",
      "featc-encodings",
    ],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const bin = join(repo, "bench", "reference", "target", "release", "featc-encodings");
  const rows = [];
  for (const input of inputs) {
    log(`encodings: ${input.name}`);
    const text = execFileSync("taskset", ["-c", "1", bin, String(RUNS), input.path], { encoding: "utf8" });
    for (const line of text.trim().split("\n")) rows.push({ input: input.name, ...JSON.parse(line) });
  }
  rmSync(join(out, "out"), { recursive: true, force: true });
  return rows;
}

const kb = (bytes) => `${Math.round(bytes / 1024).toLocaleString("en-US")} KB`;
const ms = (s) => `${(s * 1000).toFixed(1)} ms`;

export function encodingsSection(rows) {
  const lines = rows.map((r) => {
    const plain = rows.find((p) => p.input === r.input && p.variant === "plain");
    const change = ((r.bytes / plain.bytes - 1) * 100).toFixed(1);
    return `| ${r.input} | ${r.rows.toLocaleString("en-US")} | ${r.variant} | ${kb(r.bytes)} | ${r.variant === "plain" ? "" : `${change.startsWith("-") ? "" : "+"}${change} %`} | ${ms(r.encode_cpu_s)} | ${ms(r.decode_cpu_s)} |`;
  });
  return `## Parquet encodings

How featc encodes its value columns, measured on its own outputs: each file read and written
again, zstd at its default level and its row groups as they are, under each way of encoding
(\`bench/reference/src/bin/encodings.rs\`; every variant decodes to the same rows, checked).
Dictionaries stay off for floats and timestamps throughout. CPU times are medians of ${RUNS}, one
thread pinned to CPU 1; *encode* writes the file in memory, *decode* reads it from a file.

| file | rows | encoding | size | vs plain | encode | decode |
|---|---:|---|---:|---:|---:|---:|
${lines.join("\n")}

featc writes timestamps \`DELTA_BINARY_PACKED\` and floats \`PLAIN\`: delta-packed timestamps
made every file smaller and were encoded and decoded no slower; \`BYTE_STREAM_SPLIT\` floats made
the synthetic day's file smaller but every real day's larger (their prices and sizes repeat,
which zstd finds in plain bytes and no longer finds once each value's bytes are split apart).
`;
}

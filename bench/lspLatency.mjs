// Diagnostics latency of `featc lsp` after an edit of a 500-line spec: a client edits the open
// spec and waits for the diagnostics of that version, from sending the change to receiving them,
// over stdio, with the server warm. Each edit comes after a pause longer than the server's
// debounce, as an isolated edit does (compiler/lsp/debounce.ts); edits alternate between a valid
// spec and one with an error. Run alone by `npm run bench -- --only lsp`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";

/** A spec of `lines` lines or a few more: documented functions of the kind specs/std has, and a dataset calling each. */
export function largeSpec(lines = 500) {
  const fns = [];
  const columns = [];
  for (let i = 0; fns.join("\n").split("\n").length + columns.length + 4 < lines; i++) {
    const levels = (i % 5) + 1;
    fns.push(`/// Order-flow imbalance over ${levels} levels, variant ${i}.
fn feature_${i}(depth: i64 = ${levels}) -> f64? {
  let bid = book.bid.level(depth).price
  let ask = book.ask.level(depth).price
  let e_bid = if bid > prev(bid) then book.bid.size else -prev(book.bid.size)
  let e_ask = if ask < prev(ask) then book.ask.size else -prev(book.ask.size)
  let b = book.bid.depth(depth)
  let a = book.ask.depth(depth)
  (e_bid - e_ask) / (b + a)
}
`);
    columns.push(`  col_${i} = sum_since_emit(feature_${i}(depth = ${levels})) ?? 0.0`);
    columns.push(`  mean_${i} = rolling_mean(book.mid, ${10 * levels}s) ?? 0.0`);
  }
  return `${fns.join("\n")}\ndataset large {\n  trigger trade or every 1s\n  ts = row.ts\n${columns.join("\n")}\n}\n`;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Measures `edits` edits after `warmUp` unmeasured ones; `featc` is the launcher (bin/featc.js). */
export async function measureLspLatency({
  repo,
  featc = join(repo, "bin", "featc.js"),
  edits = 200,
  warmUp = 20,
  pauseMs = 120,
  log = () => {},
}) {
  const dir = mkdtempSync(join(tmpdir(), "featc-bench-lsp-"));
  writeFileSync(join(dir, "package.json"), '{ "name": "bench" }\n');
  const text = largeSpec();
  const path = join(dir, "large.feat");
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  const child = spawn(process.execPath, [featc, "lsp", "--stdio"], { cwd: repo, stdio: ["pipe", "pipe", "inherit"] });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map();
  connection.onNotification("textDocument/publishDiagnostics", (params) => {
    if (params.uri !== uri) return;
    waiting.get(params.version)?.(params);
    waiting.delete(params.version);
  });
  connection.listen();
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  try {
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
    });
    await connection.sendNotification("initialized", {});
    const opened = published(1);
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "feat", version: 1, text },
    });
    await opened;
    // The edit: a column's depth, from 3 to `3)).x` and back: an error (E0014), then the valid spec again.
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("col_20 = "));
    const character = lines[line].indexOf("(depth = ") + "(depth = ".length;
    const range = { start: { line, character }, end: { line, character: character + 1 } };
    let current = lines[line][character];
    const times = [];
    let withError = 0;
    for (let version = 2; version < 2 + warmUp + edits; version++) {
      await sleep(pauseMs);
      const next = current === "3" ? "q" : "3";
      const done = published(version);
      const started = performance.now();
      await connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [{ range: { ...range, end: { line, character: character + current.length } }, text: next }],
      });
      const params = await done;
      const ms = performance.now() - started;
      current = next;
      if (version >= 2 + warmUp) {
        times.push(ms);
        if (params.diagnostics.length > 0) withError++;
      }
      if ((version - 1) % 50 === 0) log(`lsp latency: ${version - 1} edits`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      lines: text.split("\n").length - 1,
      functions: (text.match(/^fn /gm) ?? []).length,
      columns: (text.match(/^  (col|mean)_/gm) ?? []).length,
      load: loadavg()[0],
      cores: cpus().length,
      edits,
      withError,
      medianMs: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted[sorted.length - 1],
    };
  } finally {
    try {
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
    } catch {
      // The server is gone already.
    }
    connection.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The section of docs/benchmarks.md (its heading included). */
export function lspSection(r) {
  return `## Language server: diagnostics latency

\`featc lsp\` (docs/editors.md) with a ${r.lines}-line spec open (${r.functions} documented functions and a
dataset of ${r.columns} columns calling them), warm: ${r.edits} edits, each after a pause longer
than the server's 100 ms debounce, alternating between a valid spec and one with an error
(${r.withError} of them gave a diagnostic). Time from sending \`textDocument/didChange\` to
receiving that version's \`textDocument/publishDiagnostics\`, over stdio: the whole compile
(parse, check, lint, lowering of the dataset) and the protocol. Goal: 50 ms. Load average
when it ended: ${r.load.toFixed(1)} on ${r.cores} cores.

| median | p99 | max |
|---:|---:|---:|
| ${r.medianMs.toFixed(1)} ms | ${r.p99Ms.toFixed(1)} ms | ${r.maxMs.toFixed(1)} ms |
`;
}

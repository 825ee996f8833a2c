// The front end under fuzzing (docs/security.md, "Fuzzing"): generators of hostile specs and
// the check every generated spec must pass. Shared by the bounded property tests `npm test`
// runs (./frontend.test.ts) and the long campaign `npm run fuzz -- --target frontend --cases N` (./targets/frontend.ts).
//
// A case passes when compiling it (and formatting it) throws nothing, every diagnostic has a
// registered code, an error is never the internal E0046, a spec without a program has an error,
// rendering the diagnostics throws nothing, and all of it takes less than a second.

import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSource } from "../../compiler/compile.js";
import { diagnosticCodes } from "../../compiler/diagnostics/codes.js";
import { renderDiagnostics } from "../../compiler/diagnostics/render.js";
import { FormatSafetyError, formatSource } from "../../compiler/format/format.js";
import { REPO } from "../support/paths.js";
import type { CaseResult } from "./campaign.js";

/** The longest a case may take. */
export const CASE_SECONDS = 1;

/** Compiles and formats `text` and says whether the front end behaved (see the header). */
export function checkCase(text: string, limitSeconds = CASE_SECONDS): CaseResult {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = compileSource(text, "fuzz.feat");
    for (const d of result.diagnostics) {
      if (!Object.hasOwn(diagnosticCodes, d.code))
        return { failure: `unregistered code ${d.code}`, seconds: seconds() };
      if (d.code === "E0046") return { failure: `internal error: ${d.message}`, seconds: seconds() };
    }
    const failed = result.diagnostics.some((d) => d.severity === "error");
    if (!result.program && !failed) return { failure: "no program and no error", seconds: seconds() };
    renderDiagnostics(result.diagnostics, result.sources);
    try {
      formatSource(text, "fuzz.feat");
    } catch (error) {
      // Refusing to format is the formatter's safety net working, not a crash.
      if (!(error instanceof FormatSafetyError)) throw error;
    }
  } catch (error) {
    return { failure: `uncaught ${(error as Error).name}: ${(error as Error).message}`, seconds: seconds() };
  }
  const took = seconds();
  return took < limitSeconds ? { seconds: took } : { failure: `took ${took.toFixed(2)} s`, seconds: took };
}

// The seeds: every spec of the standard library, the examples and the golden tests.
const SEED_DIRS = ["specs/std", "examples", "test/golden/diagnostics", "test/golden/fmt", "test/parity/specs"];

export const SEEDS: string[] = SEED_DIRS.flatMap((dir) =>
  readdirSync(join(REPO, dir))
    .filter((name) => name.endsWith(".feat"))
    .sort()
    .map((name) => readFileSync(join(REPO, dir, name), "utf8")),
).filter((text) => text.length < 64 * 1024);

/** Text as tokens and the space between them, so a mutation keeps the rest of the spec intact. */
function pieces(text: string): string[] {
  return (
    text.match(/\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|\d+(?:\.\d+)?[a-z]*|[A-Za-z_]\w*|\s+|[-=!<>?]=?|=>|\?\?|->|[\s\S]/g) ??
    []
  );
}

const VOCABULARY = [
  ...["fn", "dataset", "trigger", "let", "if", "then", "else", "and", "or", "not", "true", "false", "null"],
  ...["every", "events", "trade", "event", "import", "label", "when", "match", "is", "_"],
  ...[
    "(",
    ")",
    "{",
    "}",
    ",",
    ":",
    ".",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "?",
    "??",
    "->",
    "=>",
  ],
  ...["\n", " ", "\t", "\r", "//", "///", '"', "\\", "\0", "\u2028", "\u202e", "\x1b", "é", "𝑥"],
  ...["0", "1", "1.5", "1e308", "9223372036854775807", "1s", "250ms", "1.5m", "5bps", "0ns", "99999999999h"],
  ...["book", "bid", "ask", "mid", "price", "size", "level", "depth", "row", "ts", "quality", "future"],
  ...["prev", "rolling_sum", "rolling_quantile", "ema", "sum_since_emit", "time_since", "f64", "i64", "log", "abs"],
  ...['import "std/book.feat"', 'import "../../../etc/passwd.feat"', "book_change(5)", "every 1s", "every 10 events"],
];

type Mutation = (parts: string[], pick: (n: number) => number, other: string) => string[];

/** `parts` with `remove` pieces at `at` replaced by `insert`. */
function spliced(parts: string[], at: number, remove: number, ...insert: string[]): string[] {
  return [...parts.slice(0, at), ...insert, ...parts.slice(at + remove)];
}

const MUTATIONS: Mutation[] = [
  // Delete, duplicate, swap and replace pieces.
  (p, pick) => (p.length ? spliced(p, pick(p.length), 1) : p),
  (p, pick) => {
    const i = pick(p.length + 1);
    return spliced(p, i, 0, p[pick(p.length)] ?? "");
  },
  (p, pick) => {
    const [i, j] = [pick(p.length), pick(p.length)];
    const q = [...p];
    [q[i], q[j]] = [q[j], q[i]];
    return q;
  },
  (p, pick) => spliced(p, pick(p.length), 1, VOCABULARY[pick(VOCABULARY.length)]),
  (p, pick) => spliced(p, pick(p.length + 1), 0, VOCABULARY[pick(VOCABULARY.length)]),
  // Truncate; splice in part of another spec.
  (p, pick) => p.slice(0, pick(p.length + 1)),
  (p, pick, other) => {
    const q = pieces(other);
    const from = pick(q.length + 1);
    return spliced(p, pick(p.length + 1), 0, ...q.slice(from, from + pick(40)));
  },
  // Wrap a range in parentheses or a call; repeat a range many times (long chains, deep nests).
  (p, pick) => {
    const i = pick(p.length + 1);
    const j = i + pick(p.length + 1 - i);
    const [open, close] = [
      ["(", ")"],
      ["abs(", ")"],
      ["if true then ", " else 0.0"],
      ["-", ""],
      ["not ", ""],
    ][pick(5)];
    return [...p.slice(0, i), open, ...p.slice(i, j), close, ...p.slice(j)];
  },
  (p, pick) => {
    const i = pick(p.length + 1);
    const segment = p.slice(i, i + 1 + pick(6));
    const times = [2, 10, 100, 1000][pick(4)];
    return spliced(p, i, 0, ...Array.from({ length: times }, () => segment).flat());
  },
];

/** A seed spec with a few grammar-aware mutations. */
export const mutatedSpec: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat(SEEDS.length - 1),
    fc.nat(SEEDS.length - 1),
    fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.array(fc.nat(), { minLength: 4, maxLength: 4 })), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .map(([seed, other, mutations]) => {
    let parts = pieces(SEEDS[seed]);
    for (const [which, numbers] of mutations) {
      let k = 0;
      const pick = (n: number) => (n <= 0 ? 0 : numbers[k++ % numbers.length] % n);
      parts = MUTATIONS[which](parts, pick, SEEDS[other]);
      // Keep cases small enough to stay about the front end, not about the size limit.
      if (parts.length > 200_000) parts = parts.slice(0, 200_000);
    }
    return parts.join("");
  });

/** Bytes, read as UTF-8 or Latin-1, and strings of any code points. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc.string({ unit: "binary", maxLength: 1024 }),
  fc.string({ unit: fc.constantFrom(...VOCABULARY), maxLength: 300 }),
);

/** A random expression of the language, up to `depth` levels of nesting, over a few names. */
const expression = (depth: number): fc.Arbitrary<string> =>
  fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small", maxDepth: depth },
      fc.constantFrom(
        "book.mid",
        "book.bid.price",
        "trade.size",
        "event.price",
        "1.0",
        "2",
        "x",
        "null",
        "true",
        "row.ts",
      ),
      fc
        .tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "<", "==", "and", "or", "??"), tie("e"))
        .map(([a, op, b]) => `${a} ${op} ${b}`),
      tie("e").map((e) => `(${e})`),
      tie("e").map((e) => `-${e}`),
      tie("e").map((e) => `not ${e}`),
      fc.tuple(tie("e"), tie("e"), tie("e")).map(([c, t, e]) => `if ${c} then ${t} else ${e}`),
      fc
        .tuple(fc.constantFrom("prev", "sum_since_emit", "abs", "f64", "log", "g"), tie("e"))
        .map(([f, e]) => `${f}(${e})`),
      fc.tuple(tie("e"), fc.integer({ min: 1, max: 2_000_000 })).map(([e, n]) => `rolling_sum(${e}, ${n})`),
      fc.tuple(tie("e"), tie("e")).map(([a, b]) => `match event.kind { add => ${a}, _ => ${b} }`),
      tie("e").map((e) => `${e} is null`),
    ),
  })).e;

/** Specs built from the grammar: functions calling each other, `let` chains and deep nesting. */
export const generatedSpec: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(expression(6), { minLength: 1, maxLength: 6 }),
    fc.array(expression(4), { minLength: 0, maxLength: 4 }),
    fc.nat(300),
    fc.constantFrom("(", "abs(", "if true then ", "-", "not ", "match event.kind { _ => "),
    fc.nat(40),
  )
  .map(([columns, lets, depth, opener, calls]) => {
    const closer = {
      "(": ")",
      "abs(": ")",
      "if true then ": " else 0.0",
      "-": "",
      "not ": "",
      "match event.kind { _ => ": " }",
    }[opener]!;
    const fns = [`fn g(x: f64) -> f64 {\n${lets.map((e, i) => `  let l${i} = ${e}`).join("\n")}\n  x\n}`];
    // A chain of functions, each calling the one before twice: it grows as 2^calls.
    for (let i = 1; i <= calls; i++) fns.push(`fn h${i}(x: f64) -> f64 {\n  h${i - 1}(x) + h${i - 1}(x)\n}`);
    const body = columns.map((e, i) => `  c${i} = ${e}`).join("\n");
    const deep = `${opener.repeat(depth)}book.mid${closer.repeat(depth)}`;
    return `fn h0(x: f64) -> f64 {\n  x\n}\n${fns.join("\n")}\ndataset d {\n  trigger trade or every 1s\n${body}\n  deep = ${deep}\n  chain = h${calls}(1.0)\n}\n`;
  });

/** The generators, by name, as the campaign reports them. */
export const GENERATORS: Record<string, fc.Arbitrary<string>> = {
  "random bytes and text": randomText,
  "mutated specs": mutatedSpec,
  "generated specs": generatedSpec,
};

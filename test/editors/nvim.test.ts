// editors/nvim in a real Neovim (Debian's 0.7.2 in CI, which has no vim.lsp.start, so the
// configuration's vim.lsp.start_client path is the one driven there): headless Neovim opens a
// spec with an error through editors/nvim/init.lua, the configuration starts featc lsp, and the
// test reads back the diagnostic Neovim holds (code, message, the explanation's link), the
// hover window its K mapping opens on a standard-library function, the diagnostic gone once the
// fix is typed, and the dataset's preview on the sample shown in a split. A second run reads the
// highlight groups of editors/nvim/syntax/feat.vim over the standard library, the examples and a
// spec of every token kind and checks them against the lexer. Skipped only where nvim is not
// installed.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinNames, isBuiltin } from "../../compiler/builtins/operators.js";
import { roots } from "../../compiler/check/fields.js";
import { baseTypeNames } from "../../compiler/check/types.js";
import { lex } from "../../grammar/tokens.js";
import { KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const nvimInstalled = nvim.status === 0;
if (!nvimInstalled) {
  console.warn("test/editors/nvim.test.ts: skipped, nvim is not installed (Debian: apt-get install neovim)");
}

/** featc lsp from the TypeScript sources, as test/lsp/support/client.ts starts it. */
const SERVER = [
  process.execPath,
  "--import",
  join(REPO, "test/support/tsNode.mjs"),
  join(REPO, "test/support/featcSource.mjs"),
  "lsp",
];

/** Neovim with its own config, data and state folders, so nothing of the user's is read or written. */
function runNvim(args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  const home = scratchDir("nvim-home");
  const run = spawnSync("nvim", ["--headless", "-i", "NONE", ...args], {
    cwd: REPO,
    encoding: "utf8",
    timeout: timeoutMs,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_DATA_HOME: join(home, "data"),
      XDG_STATE_HOME: join(home, "state"),
      XDG_CACHE_HOME: join(home, "cache"),
      ...env,
    },
  });
  if (run.error) throw new Error(`nvim ${args.join(" ")}: ${run.error.message}\n${run.stderr}`);
  return run;
}

const SPEC = `import "std/book"

/// Aggressor-signed traded size over the last \`window\`.
fn signed_flow(window: duration = 5s) -> f64 {
  rolling_sum(trade.signed_size, window)
}

dataset demo {
  trigger trade or every 250ms
  mid       = book.mid
  spread    = book.ask.price - book.bid.pric
  imbalance = imbalance(levels = 5)
  flow_5s   = signed_flow(5s)
}
`;

interface SessionResult {
  nvim: string;
  filetype: string;
  syntax: string;
  starts_with: string;
  client: { name: string; cmd: string[]; root_dir: string };
  diagnostics: {
    lnum: number;
    col: number;
    end_col: number;
    severity: number;
    code: string;
    message: string;
    href: string;
  }[];
  hovered_word: string;
  hover: string[];
  diagnostics_after_fix: number;
  preview_error: string | null;
  preview?: { dataset: string; rows: number; table: string };
  preview_window?: string[];
  preview_buffer?: string;
  error?: string;
}

describe.skipIf(!nvimInstalled)("editors/nvim in headless Neovim", () => {
  it("starts featc lsp for a .feat buffer: its diagnostic, a hover on a std function, the fix clearing it, a preview", () => {
    const dir = scratchDir("nvim-lsp");
    const spec = join(dir, "demo.feat");
    writeFileSync(spec, SPEC);
    const lines = SPEC.split("\n");
    const hoverLine = lines.findIndex((line) => line.includes("imbalance(levels"));
    const hoverColumn = lines[hoverLine].indexOf("imbalance(") + 2;
    const fixLine = lines.findIndex((line) => line.includes("bid.pric"));
    const resultFile = join(dir, "result.json");
    const run = runNvim(
      [
        "--cmd",
        'lua vim.g.featc_cmd = vim.fn.json_decode(os.getenv("FEATC_TEST_SERVER"))',
        "-u",
        join(REPO, "editors/nvim/init.lua"),
        spec,
        "-c",
        `luafile ${join(REPO, "test/editors/nvim/lsp_session.lua")}`,
      ],
      {
        FEATC_TEST_SERVER: JSON.stringify(SERVER),
        FEATC_NVIM_RESULT: resultFile,
        FEATC_NVIM_HOVER: `${hoverLine + 1}:${hoverColumn}`,
        FEATC_NVIM_FIX: `${fixLine + 1}:${lines[fixLine].indexOf("bid.pric") + "bid.pric".length}`,
        // The kernels and the imported sample the other tests share.
        FEATC_CACHE_DIR: KERNEL_CACHE,
      },
    );
    const result: SessionResult = JSON.parse(readFileSync(resultFile, "utf8"));
    expect(result.error, run.stderr).toBeUndefined();
    expect(result.filetype).toBe("feat");
    expect(result.syntax).toBe("feat");
    expect(result.client).toEqual({ name: "featc", cmd: SERVER, root_dir: dir });
    if (result.nvim.startsWith("0.7.")) expect(result.starts_with).toBe("vim.lsp.start_client");

    // The one error, where featc check puts it: line 11, `pric`.
    expect(result.diagnostics).toHaveLength(1);
    const [diagnostic] = result.diagnostics;
    expect(diagnostic).toMatchObject({ lnum: 10, severity: 1, code: "E0014" });
    expect(lines[10].slice(diagnostic.col, diagnostic.end_col)).toBe("pric");
    expect(diagnostic.message.split("\n")[0]).toBe("no field `pric` on `book.bid`");
    expect(diagnostic.message).toContain("did you mean `price`?");
    expect(decodeURIComponent(diagnostic.href)).toBe('command:featc.explainError?["E0014"]');

    // K on the call opens the std function's signature and doc comment.
    expect(result.hovered_word).toBe("imbalance");
    expect(result.hover[0]).toBe("fn imbalance(levels: i64 = 5) -> f64?");
    expect(result.hover.join("\n")).toContain("Depth imbalance over the best `levels` levels");
    expect(result.hover.join("\n")).toContain("std/book.feat");

    // The fix typed into the unsaved buffer clears the error; the preview of the dataset on the
    // bundled GOOG day opens in a split, the server's table as it sent it.
    expect(result.diagnostics_after_fix).toBe(0);
    expect(result.preview_error).toBeNull();
    expect(result.preview).toMatchObject({ dataset: "demo" });
    expect(result.preview!.rows).toBeGreaterThan(1000);
    expect(result.preview!.table).toContain(`summary of ${result.preview!.rows.toLocaleString("en-US")} rows:`);
    expect(result.preview_window).toEqual(result.preview!.table.split("\n"));
    expect(result.preview_buffer).toBe("featc-preview://demo");
  }, 240_000);

  it("finds featc in the project's node_modules/.bin, else in a clone of featc, and roots the server at the project", () => {
    const project = scratchDir("nvim-project");
    mkdirSync(join(project, "node_modules/.bin"), { recursive: true });
    mkdirSync(join(project, "specs/deep"), { recursive: true });
    writeFileSync(join(project, "package.json"), "{}\n");
    writeFileSync(join(project, "node_modules/.bin/featc"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(project, "node_modules/.bin/featc"), 0o755);
    const resultFile = join(project, "result.json");
    const lua = [
      "local featc = require('featc')",
      "featc.config.cmd = nil",
      `local answer = { installed = featc.command_for('${project}/specs/deep/a.feat'), root = featc.root_for('${project}/specs/deep/a.feat'),`,
      `  clone = featc.command_for('${REPO}/examples/goog_1s.feat') }`,
      `local file = io.open('${resultFile}', 'w') file:write(vim.fn.json_encode(answer)) file:close()`,
    ].join("\n");
    writeFileSync(join(project, "probe.lua"), lua);
    runNvim(
      ["-u", join(REPO, "editors/nvim/init.lua"), "-c", `luafile ${join(project, "probe.lua")}`, "-c", "qa!"],
      {},
    );
    expect(JSON.parse(readFileSync(resultFile, "utf8"))).toEqual({
      installed: [join(project, "node_modules/.bin/featc"), "lsp"],
      root: project,
      clone: ["node", join(REPO, "bin/featc.js"), "lsp"],
    });
  });

  it("highlights every keyword, comment, number with its unit, string, operator and name as the lexer reads it", () => {
    const files = [
      ...readdirSync(join(REPO, "specs/std")).map((name) => join(REPO, "specs/std", name)),
      ...readdirSync(join(REPO, "examples")).map((name) => join(REPO, "examples", name)),
      join(REPO, "test/editors/fixtures/every_token.feat"),
    ].filter((path) => path.endsWith(".feat"));
    const resultFile = join(scratchDir("nvim-syntax"), "groups.json");
    runNvim(
      [
        "-u",
        "NONE",
        "--cmd",
        `set runtimepath^=${join(REPO, "editors/nvim")}`,
        "--cmd",
        "filetype on",
        "--cmd",
        "syntax on",
        "-c",
        `luafile ${join(REPO, "test/editors/nvim/syntax_groups.lua")}`,
      ],
      { FEATC_NVIM_FILES: JSON.stringify(files), FEATC_NVIM_RESULT: resultFile },
    );
    const groups: Record<string, { filetype: string; lines: string[][] }> = JSON.parse(
      readFileSync(resultFile, "utf8"),
    );
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files) {
      expect(groups[file]?.filetype, file).toBe("feat");
      const text = readFileSync(file, "utf8");
      for (const token of vimTokens(text)) {
        const expected = expectedGroup(token);
        if (expected === undefined) continue;
        // Neovim's columns are bytes of the line; the lexer's offsets are UTF-16 code units.
        const lineText = text.split("\n")[token.line];
        const byte = (column: number) => Buffer.byteLength(lineText.slice(0, column));
        const got = groups[file].lines[token.line].slice(byte(token.column), byte(token.column + token.image.length));
        checked++;
        const want = Array.isArray(expected) ? expected : Array<string>(got.length).fill(expected);
        if (got.join(" ") !== want.join(" ")) {
          wrong.push(
            `${file}:${token.line + 1}:${token.column + 1} ${token.kind} \`${token.image}\`: ${got.join(" ")}, expected ${want.join(" ")}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
    // The syntax file's built-ins are the compiler's (f64 and i64 are highlighted as types).
    expect([...builtinsInSyntax].sort()).toEqual(builtinNames.filter((name) => !typeNames.has(name)).sort());
  });
});

interface VimToken {
  kind: string;
  image: string;
  line: number;
  column: number;
  previous?: string;
  next?: string;
  firstOnLine: boolean;
  onTriggerLine: boolean;
}

function vimTokens(text: string): VimToken[] {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > offset) line--;
    return { line, column: offset - lineStarts[line] };
  };
  const { tokens, comments } = lex(text);
  const stream = tokens.filter((token) => token.tokenType.name !== "Newline");
  const triggerLines = new Set(
    stream.filter((t) => t.tokenType.name === "Trigger").map((t) => position(t.startOffset).line),
  );
  const result: VimToken[] = stream.map((token, i) => {
    const at = position(token.startOffset);
    return {
      kind: token.tokenType.name,
      image: token.image,
      ...at,
      previous: stream[i - 1]?.tokenType.name,
      next: stream[i + 1]?.tokenType.name,
      firstOnLine: i === 0 || position(stream[i - 1].startOffset).line !== at.line,
      onTriggerLine: triggerLines.has(at.line),
    };
  });
  for (const comment of comments) {
    result.push({
      kind: "LineComment",
      image: comment.text,
      ...position(comment.startOffset),
      firstOnLine: false,
      onTriggerLine: false,
    });
  }
  return result;
}

const keywordGroups: Record<string, string> = {
  Fn: "featDeclaration",
  Dataset: "featDeclaration",
  Let: "featDeclaration",
  Label: "featDeclaration",
  Import: "featInclude",
  If: "featConditional",
  Then: "featConditional",
  Else: "featConditional",
  Match: "featConditional",
  Trigger: "featTrigger",
  Every: "featTrigger",
  Events: "featTrigger",
  When: "featTrigger",
  And: "featOperatorWord",
  Or: "featOperatorWord",
  Not: "featOperatorWord",
  Is: "featOperatorWord",
  True: "featBoolean",
  False: "featBoolean",
  Null: "featNull",
};
const operators = new Set([
  "Arrow",
  "FatArrow",
  "Coalesce",
  "LessEqual",
  "GreaterEqual",
  "EqualEqual",
  "NotEqual",
  "Less",
  "Greater",
  "Equals",
  "Plus",
  "Minus",
  "Star",
  "Slash",
  "Question",
]);
const delimiters = new Set(["LParen", "RParen", "LCurly", "RCurly", "Comma", "Colon", "Dot"]);
const builtinsInSyntax = new Set(
  readFileSync(join(REPO, "editors/nvim/syntax/feat.vim"), "utf8")
    .match(/syn match featBuiltin "\\<\\%\(([^)]*)\\\)/)![1]
    .split("\\|"),
);
const typeNames = new Set<string>(baseTypeNames);
const rootNames = new Set<string>(roots);

/** The group of every byte of the token (one per byte when an array), or undefined: any. */
function expectedGroup(token: VimToken): string | string[] | undefined {
  const { kind, image } = token;
  if (kind === "DocComment") return "featDocComment";
  if (kind === "LineComment") return "featComment";
  if (kind === "DurationLiteral" || kind === "BpsLiteral") {
    const digits = image.match(/^[0-9.]+/)![0].length;
    return [...image].map((_, i) => (i < digits ? "featUnitNumber" : "featUnit"));
  }
  if (kind === "FloatLiteral") return "featFloat";
  if (kind === "IntLiteral") return "featInteger";
  if (kind === "StringLiteral") {
    const escapes = new Set<number>();
    for (let i = 1; i < image.length - 1; i++) if (image[i] === "\\") escapes.add(i).add(++i);
    return [...image].map((_, i) => (escapes.has(i) ? "featEscape" : "featString"));
  }
  if (kind in keywordGroups) return keywordGroups[kind];
  if (kind === "Trade" || kind === "Event") return token.next === "Dot" ? "featRoot" : "featTriggerWord";
  if (operators.has(kind)) return "featOperator";
  if (delimiters.has(kind)) return "featDelimiter";
  if (kind !== "Identifier") throw new Error(`no expected group for the token kind ${kind}`);
  if (token.previous === "Fn") return "featFunctionName";
  if (token.previous === "Dataset") return "featDatasetName";
  if (token.previous === "Let" || token.previous === "Label") return "featColumn";
  if (token.previous === "Dot") return "featField";
  if (token.next === "Dot" && rootNames.has(image)) return "featRoot";
  if (token.onTriggerLine && (image === "volume" || image === "book_change")) return "featTriggerWord";
  if (typeNames.has(image)) return "featType";
  if (token.next === "LParen") return isBuiltin(image) ? "featBuiltin" : "featCall";
  if (token.next === "Equals" && token.firstOnLine) return "featColumn";
  // A parameter, a named argument, a match pattern or a plain name: any highlighting.
  return undefined;
}

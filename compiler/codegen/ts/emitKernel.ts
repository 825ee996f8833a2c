// IR -> TypeScript source of one kernel module (runtime/kernel/contract.ts `KernelModule`), built
// with ts-morph. The mirror of compiler/codegen/rust/emitKernel.ts: same locals, same order,
// so the two backends perform the same IEEE operations one for one (docs/language.md §5-6).
//
// Every SSA value `%n` becomes `vn` (value) and `kn` (valid). Timestamps are (hi, lo) words
// of the int64 (`vn_hi`, `vn_lo`); an int64 is never rounded through one number.
import { isRollingKind } from "../../builtins/states.js";
import type { IrInstr, IrProgram, IrState, IrType, Side } from "../../ir/types.js";
import { overflowChecks } from "../overflow.js";
import { columnKind, programLines, programsOf, type ColumnKind } from "../programs.js";
import { QUALITY_FLAG_BITS } from "../quality.js";
import { runtimeHelperSource } from "./runtimeHelpers.js";
import { tsStateOf } from "./states.js";
import { tsMorph } from "./tsMorph.js";
import { I64_MAX, isInt, isTs, numberLiteral, splitI64, zero } from "./values.js";
import { commentText, tsStringLiteral } from "../safeText.js";
import { checkGeneratable } from "../validate.js";

export interface TsKernelSource {
  /** The module as TypeScript (readable, type-checked in tests). */
  ts: string;
  /** The same module transpiled to JavaScript (ESM) for loading at run time. */
  js: string;
}

const TS_SIDE: Record<Side, string> = { bid: "1", ask: "2" };
function emitInstr(
  instr: IrInstr,
  states: Map<number, IrState>,
  types: Map<number, IrType>,
  used: ReadonlySet<number>,
): string[] {
  const n = instr.id;
  const v = (a: number) => `v${a}`;
  const k = (a: number) => `k${a}`;
  const bind = (value: string, valid: string) => [`const v${n} = ${value};`, `const k${n} = ${valid};`];
  const bindTs = (hi: string, lo: string, valid: string) => [
    `const v${n}_hi = ${hi};`,
    `const v${n}_lo = ${lo};`,
    `const k${n} = ${valid};`,
  ];
  const argType = (a: number) => types.get(a)!;
  switch (instr.op) {
    case "const": {
      const c = instr.value;
      if (isTs(instr.type)) {
        if (c === null) return bindTs("0", "0", "false");
        const [hi, lo] = splitI64(BigInt(c as string | number));
        return bindTs(hi, lo, "true");
      }
      // Annotated, so later comparisons are typed `number`/`boolean`, not literal types.
      const type = instr.type.base === "bool" ? "boolean" : "number";
      const bindConst = (value: string, valid: string) => [
        `const v${n}: ${type} = ${value};`,
        `const k${n}: boolean = ${valid};`,
      ];
      if (c === null) return bindConst(zero(instr.type), "false");
      if (instr.type.base === "bool") return bindConst(c === true ? "true" : "false", "true");
      if (instr.type.base === "f64") return bindConst(numberLiteral(Number(c)), "true");
      return bindConst(BigInt(c as string | number).toString(), "true");
    }
    case "book.price":
    case "book.size":
    case "book.count": {
      const side = TS_SIDE[instr.side];
      const i = instr.level - 1;
      const read =
        instr.op === "book.price"
          ? `book.priceAt(${side}, ${i}) / ctx.priceScale`
          : instr.op === "book.size"
            ? `book.sizeAt(${side}, ${i}) / ctx.sizeScale`
            : `book.countAt(${side}, ${i})`;
      return [`const k${n} = book.levels(${side}) > ${i};`, `const v${n} = k${n} ? ${read} : 0;`];
    }
    case "book.depth":
      return bind(`book.depth(${TS_SIDE[instr.side]}, ${instr.levels}) / ctx.sizeScale`, "true");
    case "book.levels":
      return bind(`book.levels(${TS_SIDE[instr.side]})`, "true");
    case "event.exchange_ts":
      return bindTs("ctx.exchangeTsHi", "ctx.exchangeTsLo", "true");
    case "event.ingest_ts":
      return bindTs("ctx.ingestTsHi", "ctx.ingestTsLo", "true");
    case "event.price":
      return bind("ctx.price / ctx.priceScale", "true");
    case "event.size":
      return bind("ctx.size / ctx.sizeScale", "true");
    case "event.side":
      return bind("ctx.side", "true");
    case "event.kind":
      return bind("ctx.kind", "true");
    case "trade.count":
      return bind("ctx.tradeCount", "true");
    case "trade.size":
      return bind("ctx.tradeSize / ctx.sizeScale", "true");
    case "trade.signed_size":
      return bind("ctx.tradeSignedSize / ctx.sizeScale", "true");
    case "trade.price":
      return [`const k${n} = ctx.tradeCount > 0;`, `const v${n} = k${n} ? ctx.tradeLastPrice / ctx.priceScale : 0;`];
    case "flow.adds.bid":
      return bind("ctx.flowAddsBid", "true");
    case "flow.adds.ask":
      return bind("ctx.flowAddsAsk", "true");
    case "flow.cancels.bid":
      return bind("ctx.flowCancelsBid", "true");
    case "flow.cancels.ask":
      return bind("ctx.flowCancelsAsk", "true");
    case "row.ts":
      return bindTs("ctx.rowTsHi", "ctx.rowTsLo", "true");
    case "row.trigger":
      return bind("ctx.rowTrigger", "true");
    case "quality.crossed":
    case "quality.locked": {
      // Raw prices, compared exactly (docs/language.md section 5.1).
      const cmp = instr.op === "quality.crossed" ? ">" : "===";
      return bind(
        `book.levels(${TS_SIDE.bid}) > 0 && book.levels(${TS_SIDE.ask}) > 0 && book.priceAt(${TS_SIDE.bid}, 0) ${cmp} book.priceAt(${TS_SIDE.ask}, 0)`,
        "true",
      );
    }
    case "quality.gap":
    case "quality.bad_book":
    case "quality.bad_ts":
      return bind(`(ctx.flagsSinceRow & ${QUALITY_FLAG_BITS[instr.op]}) !== 0`, "true");
    case "quality.reset":
      return bind("ctx.resetSinceRow", "true");
    case "add":
    case "sub":
    case "mul": {
      const [a, b] = instr.args;
      const sym = { add: "+", sub: "-", mul: "*" }[instr.op];
      if (isInt(instr.type)) {
        // Exact while |result| <= 2^53-1; a rounded out-of-range result stays out of range,
        // so the check is exact too. `+ 0` turns a -0 product into the integer 0.
        return [
          `const r${n} = ${v(a)} ${sym} ${v(b)} + 0;`,
          `const k${n} = ${k(a)} && ${k(b)} && r${n} <= ${I64_MAX} && r${n} >= -${I64_MAX};`,
          `const v${n} = k${n} ? r${n} : 0;`,
        ];
      }
      return bind(`${v(a)} ${sym} ${v(b)}`, `${k(a)} && ${k(b)}`);
    }
    case "div": {
      const [a, b] = instr.args;
      return [`const k${n} = ${k(a)} && ${k(b)} && ${v(b)} !== 0;`, `const v${n} = k${n} ? ${v(a)} / ${v(b)} : 0;`];
    }
    case "neg": {
      const [a] = instr.args;
      return bind(isInt(instr.type) ? `-${v(a)} + 0` : `-${v(a)}`, k(a));
    }
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "eq":
    case "ne": {
      const [a, b] = instr.args;
      const sym = { lt: "<", le: "<=", gt: ">", ge: ">=", eq: "===", ne: "!==" }[instr.op];
      if (isTs(argType(a))) {
        // Lexicographic on (hi signed, lo unsigned) is the int64 order.
        const strict = { lt: "<", le: "<", gt: ">", ge: ">", eq: "", ne: "" }[instr.op];
        const value =
          instr.op === "eq"
            ? `${v(a)}_hi === ${v(b)}_hi && ${v(a)}_lo === ${v(b)}_lo`
            : instr.op === "ne"
              ? `${v(a)}_hi !== ${v(b)}_hi || ${v(a)}_lo !== ${v(b)}_lo`
              : `${v(a)}_hi ${strict} ${v(b)}_hi || (${v(a)}_hi === ${v(b)}_hi && ${v(a)}_lo ${sym} ${v(b)}_lo)`;
        return bind(value, `${k(a)} && ${k(b)}`);
      }
      return bind(`${v(a)} ${sym} ${v(b)}`, `${k(a)} && ${k(b)}`);
    }
    case "and":
    case "or": {
      const [a, b] = instr.args;
      return bind(`${v(a)} ${instr.op === "and" ? "&&" : "||"} ${v(b)}`, `${k(a)} && ${k(b)}`);
    }
    case "not": {
      const [a] = instr.args;
      return bind(`!${v(a)}`, k(a));
    }
    case "if": {
      const [c, t, e] = instr.args;
      const valid = `${k(c)} && (${v(c)} ? ${k(t)} : ${k(e)})`;
      if (isTs(instr.type))
        return bindTs(`${v(c)} ? ${v(t)}_hi : ${v(e)}_hi`, `${v(c)} ? ${v(t)}_lo : ${v(e)}_lo`, valid);
      return bind(`${v(c)} ? ${v(t)} : ${v(e)}`, valid);
    }
    case "coalesce": {
      const [a, b] = instr.args;
      if (isTs(instr.type))
        return bindTs(`${k(a)} ? ${v(a)}_hi : ${v(b)}_hi`, `${k(a)} ? ${v(a)}_lo : ${v(b)}_lo`, `${k(a)} || ${k(b)}`);
      return bind(`${k(a)} ? ${v(a)} : ${v(b)}`, `${k(a)} || ${k(b)}`);
    }
    case "is_null": {
      const [a] = instr.args;
      return bind(`!${k(a)}`, "true");
    }
    case "i2f": {
      const [a] = instr.args;
      return bind(v(a), k(a));
    }
    case "f2i": {
      // trunc is exact; a NaN fails the range test; `+ 0` turns -0 into the integer 0.
      const [a] = instr.args;
      return [
        `const t${n} = Math.trunc(${v(a)}) + 0;`,
        `const k${n} = ${k(a)} && t${n} >= -${I64_MAX} && t${n} <= ${I64_MAX};`,
        `const v${n} = k${n} ? t${n} : 0;`,
      ];
    }
    case "log": {
      // Null for x <= 0 (either zero); a NaN is not <= 0, so it stays a NaN.
      const [a] = instr.args;
      return [`const k${n} = ${k(a)} && !(${v(a)} <= 0);`, `const v${n} = k${n} ? ln(${v(a)}) : 0;`];
    }
    case "state.update": {
      const s = states.get(instr.state)!;
      return tsStateOf(s).update(s, instr.args[0], n, used.has(n));
    }
    case "state.read": {
      const s = states.get(instr.state)!;
      return tsStateOf(s).read(s, n, ["ctx.rowTsHi", "ctx.rowTsLo"]);
    }
    case "label.now":
      return bind(slotLoad(instr.type, `now[${instr.slot}]`), `nowValid[${instr.slot}] === 1`);
    case "label.future":
      return bind(slotLoad(instr.type, `fut[${instr.slot}]`), `futValid[${instr.slot}] === 1`);
  }
  throw new Error(`TypeScript codegen: unsupported IR op ${(instr as IrInstr).op}`);
}

const PUT: Record<ColumnKind, string> = { f64: "putF64", bool: "putBool", timestamp: "putTimestamp", i64: "putI64" };

function putColumn(t: IrType, value: number): string {
  const kind = columnKind(t);
  const cell = kind === "timestamp" ? `v${value}_hi, v${value}_lo` : `v${value}`;
  return `row.${PUT[kind]}(${cell}, k${value});`;
}

/** A label slot (docs/ir.md, "Labels") holds an f64, an i64, or 0/1 for a bool. */
function slotLoad(t: IrType, slot: string): string {
  return t.base === "bool" ? `${slot} !== 0` : slot;
}

function slotStore(t: IrType, value: number): string {
  return t.base === "bool" ? `v${value} ? 1 : 0` : `v${value}`;
}

/** The label methods of a kernel with labels (runtime/kernel/contract.ts `Kernel.labelNow`, `future`, `labels`). */
function labelMethods(p: IrProgram, states: Map<number, IrState>) {
  const labels = p.labels;
  if (!labels) return [];
  const program = (instrs: IrInstr[]) =>
    programLines(instrs, (instr, types, used) => emitInstr(instr, states, types, used));
  const known = (futures: number[]) => futures.map((f) => ` && known[${f}] === 1`).join("");
  const book = { name: "book", type: "BookView" };
  const ctx = { name: "ctx", type: "StepContext" };
  return [
    {
      name: "labelNow",
      parameters: [book, ctx, { name: "now", type: "Float64Array" }, { name: "nowValid", type: "Uint8Array" }],
      returnType: "void",
      statements: [
        ...program(labels.now),
        ...labels.nowValues.flatMap((v, slot) => [
          `now[${slot}] = ${slotStore(v.type, v.value)};`,
          `nowValid[${slot}] = k${v.value} ? 1 : 0;`,
        ]),
      ],
    },
    {
      name: "future",
      parameters: [
        { name: "slot", type: "number" },
        book,
        ctx,
        { name: "out", type: "Float64Array" },
        { name: "outValid", type: "Uint8Array" },
      ],
      returnType: "void",
      statements: [
        "switch (slot) {",
        ...labels.futures.flatMap((f) => [
          `  case ${f.slot}: {`,
          ...program(f.program).map((line) => `    ${line}`),
          `    out[${f.slot}] = ${slotStore(f.type, f.value)};`,
          `    outValid[${f.slot}] = k${f.value} ? 1 : 0;`,
          "    return;",
          "  }",
        ]),
        "}",
      ],
    },
    {
      name: "labels",
      parameters: [
        { name: "now", type: "Float64Array" },
        { name: "nowValid", type: "Uint8Array" },
        { name: "fut", type: "Float64Array" },
        { name: "futValid", type: "Uint8Array" },
        { name: "known", type: "Uint8Array" },
        { name: "row", type: "RowSink" },
      ],
      returnType: "void",
      statements: [
        ...program(labels.program),
        ...labels.columns.map((c) => putColumn(c.type, c.value).replace(/k(\d+)\);$/, `k$1${known(c.futures)});`)),
      ],
    },
  ];
}

export function emitTsKernel(p: IrProgram, header: { hash: string; featcVersion: string }): TsKernelSource {
  checkGeneratable(p);
  const states = new Map(p.states.map((s) => [s.id, s]));
  const program = (instrs: IrInstr[]) =>
    programLines(instrs, (instr, types, used) => emitInstr(instr, states, types, used));
  const overflow = overflowChecks(p);
  const stepBody = program(p.step);
  const emitBody = [
    ...program(p.emit),
    ...p.columns.map((c) => putColumn(c.type, c.value)),
    ...p.states.flatMap((s) => (s.resetOnEmit ? tsStateOf(s).reset(s) : [])),
  ];

  const { IndentationText, Project, QuoteKind, Scope, ts, VariableDeclarationKind } = tsMorph();
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const file = project.createSourceFile("kernel.ts", "", { overwrite: true });
  file.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: "featc/kernel",
    namedImports: ["BookView", "Kernel", "KernelMeta", "RowSink", "StepContext"],
  });
  const t = p.trigger;
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: "meta",
        type: "KernelMeta",
        initializer: (w) =>
          w.write(
            `{\n  name: ${tsStringLiteral(p.name)},\n  irHash: ${tsStringLiteral(header.hash)},\n  columns: [\n${[
              ...p.columns,
              ...(p.labels?.columns ?? []),
            ]
              .map((c) => `    { name: ${tsStringLiteral(c.name)}, type: "${columnKind(c.type)}" },`)
              .join(
                "\n",
              )}\n  ],\n  trigger: { everyEvent: ${t.everyEvent}, trade: ${t.trade}, everyEvents: ${t.everyEvents}, barNs: ${BigInt(t.barNs)}n${
              t.bookChange !== undefined ? `, bookChange: ${t.bookChange}` : ""
            }${t.everyVolume !== undefined ? `, everyVolume: ${numberLiteral(t.everyVolume)}` : ""} },${
              p.labels
                ? `\n  labels: { count: ${p.labels.columns.length}, nowSlots: ${p.labels.nowValues.length}, horizonsNs: [${p.labels.futures
                    .map((f) => `${BigInt(f.horizonNs)}n`)
                    .join(", ")}] },`
                : ""
            }\n}`,
          ),
      },
    ],
  });
  if (p.states.some((st) => isRollingKind(st.kind))) file.addStatements(runtimeHelperSource("window"));
  const usesLog = programsOf(p).some((program) => program.some((instr) => instr.op === "log"));
  if (usesLog || p.states.some((st) => st.kind === "ema_time")) file.addStatements(runtimeHelperSource("numerics"));
  file.addClass({
    name: "GeneratedKernel",
    implements: ["Kernel"],
    properties: p.states
      .flatMap((s) => tsStateOf(s).fields(s))
      .map((f) => ({ name: f.name, type: f.type, initializer: f.init, scope: Scope.Private })),
    methods: [
      {
        name: "step",
        parameters: [
          { name: "book", type: "BookView" },
          { name: "ctx", type: "StepContext" },
        ],
        returnType: "void",
        statements: stepBody.length ? stepBody : ["// no temporal state"],
      },
      {
        name: "emit",
        parameters: [
          { name: "book", type: "BookView" },
          { name: "ctx", type: "StepContext" },
          { name: "row", type: "RowSink" },
        ],
        returnType: "void",
        statements: emitBody,
      },
      ...(overflow.length
        ? [
            {
              name: "overflow",
              parameters: [],
              returnType: "string | null",
              statements: [
                ...overflow.map((c) => `if (this.s${c.state}.overflowed) return ${tsStringLiteral(c.message)};`),
                "return null;",
              ],
            },
          ]
        : []),
      ...(p.filter
        ? [
            {
              name: "filter",
              parameters: [
                { name: "book", type: "BookView" },
                { name: "ctx", type: "StepContext" },
              ],
              returnType: "boolean",
              statements: [
                ...program(p.filter.program),
                // A null condition emits no row.
                `return k${p.filter.value} && v${p.filter.value};`,
              ],
            },
          ]
        : []),
      ...labelMethods(p, states),
    ],
  });
  file.addFunction({
    isExported: true,
    name: "createKernel",
    returnType: "Kernel",
    statements: ["return new GeneratedKernel();"],
  });
  file.insertStatements(0, [
    `// Generated by featc ${commentText(header.featcVersion)} from ${commentText(p.source)}, dataset \`${commentText(p.name)}\`.`,
    `// IR hash ${commentText(header.hash)}. Do not edit: run \`featc build\` again instead.`,
  ]);
  file.formatText({ indentSize: 2 });
  const source = file.getFullText();
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
  }).outputText;
  return { ts: source, js };
}

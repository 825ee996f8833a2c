// IR -> Rust source of one kernel (impl featc_core::kernel::Kernel). A pure function: every
// decision was made by the IR; this only spells it. Semantics of each op: docs/ir.md.
//
// Every SSA value `%n` becomes two locals: `vn` (the value) and `kn` (valid, i.e. not null).
// A null's value slot holds a harmless zero so later arithmetic never traps.
import type { IrInstr, IrProgram, IrState, IrType, Side } from "../../ir/types.js";
import { overflowChecks } from "../overflow.js";
import { columnKind, programLines, type ColumnKind } from "../programs.js";
import { rustStateOf } from "./states.js";
import { f64Literal, rustType, zero } from "./values.js";
import { QUALITY_FLAG_BITS } from "../quality.js";
import { commentText, rustStringLiteral, tomlStringLiteral } from "../safeText.js";
import { checkGeneratable } from "../validate.js";

export interface RustKernelSource {
  libRs: string;
}

const RUST_SIDE: Record<Side, string> = { bid: "Side::Bid", ask: "Side::Ask" };

/** A finite f64 as a Rust literal: the shortest round-trip decimal, which Rust parses to the same bits. */
function rustFloatLiteral(x: number): string {
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function constValue(instr: Extract<IrInstr, { op: "const" }>): [string, string] {
  const v = instr.value;
  if (v === null) return [zero(instr.type), "false"];
  switch (instr.type.base) {
    case "f64":
      return [f64Literal(typeof v === "string" ? Number(v) : Number(v)), "true"];
    case "bool":
      return [v === true ? "true" : "false", "true"];
    default:
      return [`${BigInt(v as string | number).toString()}i64`, "true"];
  }
}

function isInt(t: IrType): boolean {
  return t.base === "i64" || t.base === "timestamp" || t.base === "duration";
}

function emitInstr(
  instr: IrInstr,
  states: Map<number, IrState>,
  types: Map<number, IrType>,
  used: ReadonlySet<number>,
): string[] {
  const n = instr.id;
  const T = rustType(instr.type);
  const v = (a: number) => `v${a}`;
  const k = (a: number) => `k${a}`;
  const bind = (value: string, valid: string) => [`let v${n}: ${T} = ${value};`, `let k${n}: bool = ${valid};`];
  const argType = (a: number) => types.get(a)!;
  switch (instr.op) {
    case "const": {
      const [value, valid] = constValue(instr);
      return bind(value, valid);
    }
    case "book.price":
    case "book.size":
    case "book.count": {
      const side = RUST_SIDE[instr.side];
      const i = instr.level - 1;
      const read =
        instr.op === "book.price"
          ? `book.price_at(${side}, ${i}) as f64 / ctx.price_scale`
          : instr.op === "book.size"
            ? `book.size_at(${side}, ${i}) as f64 / ctx.size_scale`
            : `book.count_at(${side}, ${i})`;
      return [
        `let k${n}: bool = book.levels(${side}) > ${i};`,
        `let v${n}: ${T} = if k${n} { ${read} } else { ${zero(instr.type)} };`,
      ];
    }
    case "book.depth":
      return bind(`book.depth(${RUST_SIDE[instr.side]}, ${instr.levels}) as f64 / ctx.size_scale`, "true");
    case "book.levels":
      return bind(`book.levels(${RUST_SIDE[instr.side]}) as i64`, "true");
    case "event.exchange_ts":
      return bind("ctx.exchange_ts", "true");
    case "event.ingest_ts":
      return bind("ctx.ingest_ts", "true");
    case "event.price":
      return bind("ctx.price as f64 / ctx.price_scale", "true");
    case "event.size":
      return bind("ctx.size as f64 / ctx.size_scale", "true");
    case "event.side":
      return bind("ctx.side", "true");
    case "event.kind":
      return bind("ctx.kind", "true");
    case "trade.count":
      return bind("ctx.trade_count", "true");
    case "trade.size":
      return bind("ctx.trade_size as f64 / ctx.size_scale", "true");
    case "trade.signed_size":
      return bind("ctx.trade_signed_size as f64 / ctx.size_scale", "true");
    case "trade.price":
      return [
        `let k${n}: bool = ctx.trade_count > 0;`,
        `let v${n}: f64 = if k${n} { ctx.trade_last_price as f64 / ctx.price_scale } else { 0.0 };`,
      ];
    case "flow.adds.bid":
      return bind("ctx.flow_adds_bid", "true");
    case "flow.adds.ask":
      return bind("ctx.flow_adds_ask", "true");
    case "flow.cancels.bid":
      return bind("ctx.flow_cancels_bid", "true");
    case "flow.cancels.ask":
      return bind("ctx.flow_cancels_ask", "true");
    case "row.ts":
      return bind("ctx.row_ts", "true");
    case "row.trigger":
      return bind("ctx.row_trigger", "true");
    case "quality.crossed":
    case "quality.locked": {
      // Raw prices, compared exactly (docs/language.md section 5.1).
      const cmp = instr.op === "quality.crossed" ? ">" : "==";
      return bind(
        `book.levels(Side::Bid) > 0 && book.levels(Side::Ask) > 0 && book.price_at(Side::Bid, 0) ${cmp} book.price_at(Side::Ask, 0)`,
        "true",
      );
    }
    case "quality.gap":
    case "quality.bad_book":
    case "quality.bad_ts":
      return bind(`(ctx.flags_since_row & ${QUALITY_FLAG_BITS[instr.op]}) != 0`, "true");
    case "quality.reset":
      return bind("ctx.reset_since_row", "true");
    case "add":
    case "sub":
    case "mul": {
      const [a, b] = instr.args;
      const valid = `${k(a)} && ${k(b)}`;
      if (isInt(instr.type)) {
        const method = { add: "checked_add", sub: "checked_sub", mul: "checked_mul" }[instr.op];
        return [
          `let (v${n}, k${n}) = featc_core::kernel::i64_in_range(${v(a)}.${method}(${v(b)}));`,
          `let k${n}: bool = k${n} && ${valid};`,
          `let v${n}: i64 = if k${n} { v${n} } else { 0 };`,
        ];
      }
      const sym = { add: "+", sub: "-", mul: "*" }[instr.op];
      return bind(`${v(a)} ${sym} ${v(b)}`, valid);
    }
    case "div": {
      const [a, b] = instr.args;
      return [
        `let k${n}: bool = ${k(a)} && ${k(b)} && ${v(b)} != 0.0;`,
        `let v${n}: f64 = if k${n} { ${v(a)} / ${v(b)} } else { 0.0 };`,
      ];
    }
    case "neg": {
      const [a] = instr.args;
      return bind(`-${v(a)}`, k(a));
    }
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "eq":
    case "ne": {
      const [a, b] = instr.args;
      const sym = { lt: "<", le: "<=", gt: ">", ge: ">=", eq: "==", ne: "!=" }[instr.op];
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
      return bind(`if ${v(c)} { ${v(t)} } else { ${v(e)} }`, `${k(c)} && (if ${v(c)} { ${k(t)} } else { ${k(e)} })`);
    }
    case "coalesce": {
      const [a, b] = instr.args;
      return bind(`if ${k(a)} { ${v(a)} } else { ${v(b)} }`, `${k(a)} || ${k(b)}`);
    }
    case "is_null": {
      const [a] = instr.args;
      return bind(`!${k(a)}`, "true");
    }
    case "i2f": {
      const [a] = instr.args;
      if (argType(a).base === "f64") return bind(v(a), k(a));
      return bind(`${v(a)} as f64`, k(a));
    }
    case "f2i": {
      // trunc is exact; a NaN fails the range test.
      const [a] = instr.args;
      return [
        `let t${n}: f64 = ${v(a)}.trunc();`,
        `let k${n}: bool = ${k(a)} && t${n} >= -9007199254740991.0 && t${n} <= 9007199254740991.0;`,
        `let v${n}: i64 = if k${n} { t${n} as i64 } else { 0 };`,
      ];
    }
    case "log": {
      // Null for x <= 0 (either zero); a NaN is not <= 0, so it stays a NaN.
      const [a] = instr.args;
      return [
        `let k${n}: bool = ${k(a)} && !(${v(a)} <= 0.0);`,
        `let v${n}: f64 = if k${n} { featc_core::kernel::ln(${v(a)}) } else { 0.0 };`,
      ];
    }
    case "state.update": {
      const s = states.get(instr.state)!;
      return rustStateOf(s).update(s, instr.args[0], { n, type: T, used: used.has(n) });
    }
    case "state.read": {
      const s = states.get(instr.state)!;
      return rustStateOf(s).read(s, n, T, "ctx.row_ts");
    }
    case "label.now":
      return bind(slotLoad(instr.type, `now[${instr.slot}]`), `now_valid[${instr.slot}]`);
    case "label.future":
      return bind(slotLoad(instr.type, `fut[${instr.slot}]`), `fut_valid[${instr.slot}]`);
  }
  throw new Error(`Rust codegen: unsupported IR op ${(instr as IrInstr).op}`);
}

function putColumn(t: IrType, value: number): string {
  return `row.put_${columnKind(t)}(v${value}, k${value});`;
}

/** A label slot (docs/ir.md, "Labels") holds its value's bits: f64 bits, i64, or 0/1. */
function slotLoad(t: IrType, slot: string): string {
  return t.base === "f64" ? `f64::from_bits(${slot})` : t.base === "bool" ? `${slot} != 0` : `${slot} as i64`;
}

function slotStore(t: IrType, value: number): string {
  return t.base === "f64" ? `v${value}.to_bits()` : `v${value} as u64`;
}

/** The label methods of a kernel with labels (native/core/src/kernel/contract.rs `Kernel::label_now`, `future`, `labels`). */
function labelMethods(p: IrProgram, states: Map<number, IrState>): string {
  const labels = p.labels;
  if (!labels) return "";
  const program = (instrs: IrInstr[]) =>
    programLines(instrs, (instr, types, used) => emitInstr(instr, states, types, used));
  const nowBody = [
    ...program(labels.now),
    ...labels.nowValues.flatMap((v, slot) => [
      `now[${slot}] = ${slotStore(v.type, v.value)};`,
      `now_valid[${slot}] = k${v.value};`,
    ]),
  ];
  const futureArms = labels.futures.map(
    (f) => `${f.slot} => {
${indent([...program(f.program), `(${slotStore(f.type, f.value)}, k${f.value})`], "                ")}
            }`,
  );
  const known = (futures: number[]) => futures.map((f) => ` && known[${f}]`).join("");
  const labelBody = [
    ...program(labels.program),
    ...labels.columns.map((c) => putColumn(c.type, c.value).replace(/k(\d+)\);$/, `k$1${known(c.futures)});`)),
  ];
  return `
    #[inline(always)]
    fn label_now<B: BookView>(&mut self, book: &B, ctx: &StepContext, now: &mut [u64], now_valid: &mut [bool]) {
${indent(nowBody, "        ")}
    }

    #[inline(always)]
    fn future<B: BookView>(&mut self, slot: usize, book: &B, ctx: &StepContext) -> (u64, bool) {
        match slot {
            ${futureArms.join("\n            ")}
            _ => (0, false),
        }
    }

    #[inline(always)]
    fn labels(&self, now: &[u64], now_valid: &[bool], fut: &[u64], fut_valid: &[bool], known: &[bool], row: &mut RowBatch) {
${indent(labelBody, "        ")}
    }
`;
}

const COLUMN_TYPES: Record<ColumnKind, string> = {
  f64: "ColumnType::F64",
  bool: "ColumnType::Bool",
  timestamp: "ColumnType::Timestamp",
  i64: "ColumnType::I64",
};

function columnType(t: IrType): string {
  return COLUMN_TYPES[columnKind(t)];
}

function indent(lines: string[], by: string): string {
  return lines.map((l) => (l ? by + l : l)).join("\n");
}

export function emitRustKernel(p: IrProgram, header: { hash: string; featcVersion: string }): RustKernelSource {
  checkGeneratable(p);
  const states = new Map(p.states.map((s) => [s.id, s]));
  const program = (instrs: IrInstr[]) =>
    programLines(instrs, (instr, types, used) => emitInstr(instr, states, types, used));
  const stepBody = program(p.step);
  const emitBody = [
    ...program(p.emit),
    ...p.columns.map((c) => putColumn(c.type, c.value)),
    ...p.states.flatMap((s) => (s.resetOnEmit ? rustStateOf(s).reset(s) : [])),
  ];
  const overflow = overflowChecks(p);
  const overflowMethod = overflow.length
    ? `
    #[inline(always)]
    fn overflow(&self) -> Option<&'static str> {
${indent(
  [
    ...overflow.map((c) => `if self.s${c.state}.overflowed() { return Some(${rustStringLiteral(c.message)}); }`),
    "None",
  ],
  "        ",
)}
    }
`
    : "";
  const filterMethod = p.filter
    ? `
    #[inline(always)]
    fn filter<B: BookView>(&mut self, book: &B, ctx: &StepContext) -> bool {
${indent(
  [
    ...program(p.filter.program),
    // A null condition emits no row.
    `k${p.filter.value} && v${p.filter.value}`,
  ],
  "        ",
)}
    }
`
    : "";
  const t = p.trigger;
  const libRs = `// Generated by featc ${commentText(header.featcVersion)} from ${commentText(p.source)}, dataset \`${commentText(p.name)}\`.
// IR hash ${commentText(header.hash)}. Do not edit: run \`featc build\` again instead.
#![allow(unused_variables, unused_mut, unused_parens, non_snake_case, clippy::all)]

use featc_core::kernel::{BookView, ColumnSpec, ColumnType, Kernel, RowBatch, Side, StepContext, TriggerSpec};

pub struct GeneratedKernel {
${p.states.flatMap((s) => [`    // #${s.id} ${s.kind}: ${commentText(s.label)}`, ...rustStateOf(s).fields(s)]).join("\n")}
}

impl Kernel for GeneratedKernel {
    const NAME: &'static str = ${rustStringLiteral(p.name)};
    const IR_HASH: &'static str = ${rustStringLiteral(header.hash)};
    const COLUMNS: &'static [ColumnSpec] = &[
${[...p.columns, ...(p.labels?.columns ?? [])].map((c) => `        ColumnSpec { name: ${rustStringLiteral(c.name)}, ty: ${columnType(c.type)} },`).join("\n")}
    ];${
      p.labels
        ? `
    const LABELS: usize = ${p.labels.columns.length};
    const NOW_SLOTS: usize = ${p.labels.nowValues.length};
    const FUTURE_HORIZONS_NS: &'static [i64] = &[${p.labels.futures.map((f) => `${BigInt(f.horizonNs).toString()}`).join(", ")}];`
        : ""
    }
    const TRIGGER: TriggerSpec = TriggerSpec {
        every_event: ${t.everyEvent},
        trade: ${t.trade},
        every_events: ${t.everyEvents},
        bar_ns: ${BigInt(t.barNs).toString()},
        book_change: ${t.bookChange ?? 0},
        every_volume: ${rustFloatLiteral(t.everyVolume ?? 0)},
    };

    fn new() -> Self {
        GeneratedKernel {
${indent(
  p.states.flatMap((s) => rustStateOf(s).init(s)).map((f) => f + ","),
  "            ",
)}
        }
    }

    #[inline(always)]
    fn step<B: BookView>(&mut self, book: &B, ctx: &StepContext) {
${indent(stepBody, "        ")}
    }

    #[inline(always)]
    fn emit<B: BookView>(&mut self, book: &B, ctx: &StepContext, row: &mut RowBatch) {
${indent(emitBody, "        ")}
    }
${filterMethod}${overflowMethod}${labelMethods(p, states)}}

featc_core::export_kernel!(GeneratedKernel);
`;
  return { libRs };
}

export function emitCargoToml(crateName: string, corePath: string): string {
  return `# Generated by featc. A kernel library: the spec's kernel linked with featc-core.
[package]
name = "${crateName}"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
path = "src/lib.rs"
crate-type = ["cdylib"]

[dependencies]
featc-core = { path = ${tomlStringLiteral(corePath)} }

[profile.release]
opt-level = 3
codegen-units = 1
panic = "unwind"
debug = false

[workspace]
`;
}

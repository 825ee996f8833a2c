// IR -> Rust source of one kernel (impl featc_core::kernel::Kernel). A pure function: every
// decision was made by the IR; this only spells it. Semantics of each op: docs/ir.md.
//
// Every SSA value `%n` becomes two locals: `vn` (the value) and `kn` (valid, i.e. not null).
// A null's value slot holds a harmless zero so later arithmetic never traps.
import type { IrInstr, IrProgram, IrState, IrType, Side } from "../../ir/types.js";

export interface RustKernelSource {
  libRs: string;
}

const RUST_SIDE: Record<Side, string> = { bid: "Side::Bid", ask: "Side::Ask" };

function rustType(t: IrType): string {
  switch (t.base) {
    case "f64":
      return "f64";
    case "bool":
      return "bool";
    default:
      return "i64";
  }
}

function zero(t: IrType): string {
  switch (t.base) {
    case "f64":
      return "0.0f64";
    case "bool":
      return "false";
    default:
      return "0i64";
  }
}

/** An f64 constant by its bits, so no decimal round trip can change it. */
function f64Literal(x: number): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x, true);
  return `f64::from_bits(0x${buf.getBigUint64(0, true).toString(16).padStart(16, "0")})`;
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

function stateFields(s: IrState): string[] {
  const t = rustType(s.type);
  const doc = `    // #${s.id} ${s.kind}: ${s.label.replace(/\n/g, " ")}`;
  switch (s.kind) {
    case "prev":
      return [doc, `    s${s.id}_held: ${t},`, `    s${s.id}_held_ok: bool,`, `    s${s.id}_out: ${t},`, `    s${s.id}_out_ok: bool,`];
    case "sum_since_emit":
      return [doc, `    s${s.id}_acc: ${t},`, `    s${s.id}_ok: bool,`];
  }
}

function stateInit(s: IrState): string[] {
  const z = zero(s.type);
  switch (s.kind) {
    case "prev":
      return [`s${s.id}_held: ${z}`, `s${s.id}_held_ok: false`, `s${s.id}_out: ${z}`, `s${s.id}_out_ok: false`];
    case "sum_since_emit":
      return [`s${s.id}_acc: ${z}`, `s${s.id}_ok: true`];
  }
}

function stateReset(s: IrState): string[] {
  if (!s.resetOnEmit) return [];
  switch (s.kind) {
    case "sum_since_emit":
      return [`self.s${s.id}_acc = ${zero(s.type)};`, `self.s${s.id}_ok = true;`];
    case "prev":
      return [];
  }
}

function isInt(t: IrType): boolean {
  return t.base === "i64" || t.base === "timestamp" || t.base === "duration";
}

function emitInstr(instr: IrInstr, states: Map<number, IrState>, types: Map<number, IrType>): string[] {
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
    case "state.update": {
      const s = states.get(instr.state)!;
      const [a] = instr.args;
      const id = s.id;
      switch (s.kind) {
        case "prev":
          return [
            `let v${n}: ${T} = self.s${id}_held;`,
            `let k${n}: bool = self.s${id}_held_ok;`,
            `self.s${id}_held = ${v(a)};`,
            `self.s${id}_held_ok = ${k(a)};`,
            `self.s${id}_out = v${n};`,
            `self.s${id}_out_ok = k${n};`,
          ];
        case "sum_since_emit":
          if (isInt(s.type)) {
            return [
              `if ${k(a)} {`,
              `    let (sum, ok) = featc_core::kernel::i64_in_range(self.s${id}_acc.checked_add(${v(a)}));`,
              `    self.s${id}_acc = sum;`,
              `    self.s${id}_ok = self.s${id}_ok && ok;`,
              `}`,
              `let v${n}: i64 = self.s${id}_acc;`,
              `let k${n}: bool = self.s${id}_ok;`,
            ];
          }
          return [`if ${k(a)} { self.s${id}_acc += ${v(a)}; }`, `let v${n}: f64 = self.s${id}_acc;`, `let k${n}: bool = self.s${id}_ok;`];
      }
      break;
    }
    case "state.read": {
      const s = states.get(instr.state)!;
      switch (s.kind) {
        case "prev":
          return bind(`self.s${s.id}_out`, `self.s${s.id}_out_ok`);
        case "sum_since_emit":
          return bind(`self.s${s.id}_acc`, `self.s${s.id}_ok`);
      }
    }
  }
  throw new Error(`Rust codegen: unsupported IR op ${(instr as IrInstr).op}`);
}

function putColumn(t: IrType, value: number): string {
  switch (t.base) {
    case "f64":
      return `row.put_f64(v${value}, k${value});`;
    case "bool":
      return `row.put_bool(v${value}, k${value});`;
    case "timestamp":
      return `row.put_timestamp(v${value}, k${value});`;
    default:
      return `row.put_i64(v${value}, k${value});`;
  }
}

function columnType(t: IrType): string {
  switch (t.base) {
    case "f64":
      return "ColumnType::F64";
    case "bool":
      return "ColumnType::Bool";
    case "timestamp":
      return "ColumnType::Timestamp";
    default:
      return "ColumnType::I64";
  }
}

function indent(lines: string[], by: string): string {
  return lines.map((l) => (l ? by + l : l)).join("\n");
}

export function emitRustKernel(p: IrProgram, header: { hash: string; featcVersion: string }): RustKernelSource {
  const states = new Map(p.states.map((s) => [s.id, s]));
  const stepTypes = new Map(p.step.map((i) => [i.id, i.type]));
  const emitTypes = new Map(p.emit.map((i) => [i.id, i.type]));
  const stepBody = p.step.flatMap((i) => emitInstr(i, states, stepTypes));
  const emitBody = [
    ...p.emit.flatMap((i) => emitInstr(i, states, emitTypes)),
    ...p.columns.map((c) => putColumn(c.type, c.value)),
    ...p.states.flatMap(stateReset),
  ];
  const t = p.trigger;
  const libRs = `// Generated by featc ${header.featcVersion} from ${p.source}, dataset \`${p.name}\`.
// IR hash ${header.hash}. Do not edit: run \`featc build\` again instead.
#![allow(unused_variables, unused_mut, unused_parens, non_snake_case, clippy::all)]

use featc_core::kernel::{BookView, ColumnSpec, ColumnType, Kernel, RowBatch, Side, StepContext, TriggerSpec};

pub struct GeneratedKernel {
${p.states.flatMap(stateFields).join("\n")}
}

impl Kernel for GeneratedKernel {
    const NAME: &'static str = ${JSON.stringify(p.name)};
    const IR_HASH: &'static str = ${JSON.stringify(header.hash)};
    const COLUMNS: &'static [ColumnSpec] = &[
${p.columns.map((c) => `        ColumnSpec { name: ${JSON.stringify(c.name)}, ty: ${columnType(c.type)} },`).join("\n")}
    ];
    const TRIGGER: TriggerSpec = TriggerSpec {
        every_event: ${t.everyEvent},
        trade: ${t.trade},
        every_events: ${t.everyEvents},
        bar_ns: ${BigInt(t.barNs).toString()},
    };

    fn new() -> Self {
        GeneratedKernel {
${indent(p.states.flatMap(stateInit).map((f) => f + ","), "            ")}
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
}

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
featc-core = { path = ${JSON.stringify(corePath)} }

[profile.release]
opt-level = 3
codegen-units = 1
panic = "unwind"
debug = false

[workspace]
`;
}

// Lowers one checked dataset to the IR (./types.ts).
//
// - Function calls are inlined: each call binds its parameters to the argument expressions
//   (defaults already filled in by the checker) and each `let` to its value, lowered lazily
//   and once per program.
// - Book derived fields are expanded as docs/language.md section 5 writes them.
// - Every temporal operator becomes an IrState, one per (kind, input): the input is lowered
//   into the step program, followed by the state's `state.update`; in the emit program the
//   operator reads the state. Nested operators inside a state's input use the inner state's
//   update result, so inner states are updated first.
// - Columns are evaluated from scratch in the emit program.
// - Labels (docs/language.md section 10): each `future(x, h)` becomes a future slot whose own
//   program evaluates `x` at capture time; every largest part of a label expression without a
//   `future` is evaluated at the row by the label-now program into a now slot; the label
//   program combines the slots once the row's futures are known.

import { foldLevelArgument, type Folded } from "../check/constants.js";
import { SINCE_ROW_QUALITY } from "../check/fields.js";
import type { ConstValue, TypedDataset, TypedExpr, TypedFunction, TypedProgram } from "../check/typed.js";
import { callFrame, resolve, rootFrame, type Bound, type Frame } from "../check/inline.js";
import { children } from "../check/walk.js";
import { describe, type DescribeScope } from "./lower/describe.js";
import { InstructionList } from "./lower/instruction-list.js";
import { isRollingKind, stateKinds } from "../builtins/states.js";
import {
  IR_VERSION,
  type IrFuture,
  type IrLabels,
  type IrOp,
  type IrProgram,
  type IrState,
  type IrType,
  type StateKind,
} from "./types.js";

/** The IR operation of each unary node of the typed tree. */
const UNARY_OPS = {
  neg: "neg",
  not: "not",
  isNull: "is_null",
  toF64: "i2f",
  toI64: "f2i",
  log: "log",
} as const satisfies Record<string, Extract<IrOp, { args: [number] }>["op"]>;

function isUnary(expr: TypedExpr): expr is Extract<TypedExpr, { kind: keyof typeof UNARY_OPS }> {
  return Object.hasOwn(UNARY_OPS, expr.kind);
}

/** `future#n`: the program of one `future(...)` being lowered. */
type Phase = "step" | "emit" | "filter" | "now" | "label" | `future#${number}`;

/** A bound expression's instruction id per phase: each binding is lowered at most once per phase. */
type Lowered = Partial<Record<string, number>>;

export function lowerDataset(program: TypedProgram, dataset: TypedDataset, source: string): IrProgram {
  const lowering = new DatasetLowering(program.functions);
  const filterValue = dataset.trigger.filter
    ? lowering.lower(dataset.trigger.filter, rootFrame(dataset.file), "filter")
    : undefined;
  const columns = dataset.columns.map((column) => ({
    name: column.name,
    type: column.type,
    value: lowering.lower(column.value, rootFrame(dataset.file), "emit"),
    ...(column.doc === undefined ? {} : { doc: column.doc }),
  }));
  const labels = dataset.labels.length > 0 ? lowering.lowerLabels(dataset.labels, rootFrame(dataset.file)) : undefined;
  return {
    irVersion: IR_VERSION,
    name: dataset.name,
    source,
    trigger: {
      everyEvent: dataset.trigger.everyEvent,
      trade: dataset.trigger.trade,
      everyEvents: dataset.trigger.everyEvents,
      barNs: dataset.trigger.barNs.toString(),
      // Absent when off, so specs without them keep their IR (and hash).
      ...(dataset.trigger.bookChange > 0 ? { bookChange: dataset.trigger.bookChange } : {}),
      ...(dataset.trigger.everyVolume > 0 ? { everyVolume: dataset.trigger.everyVolume } : {}),
    },
    states: lowering.states,
    step: lowering.step.instructions,
    emit: lowering.emit.instructions,
    ...(filterValue === undefined ? {} : { filter: { program: lowering.filter.instructions, value: filterValue } }),
    columns,
    ...(labels === undefined ? {} : { labels }),
  };
}

function constOp(value: ConstValue): IrOp {
  switch (value.kind) {
    case "f64":
      return { op: "const", value: Number.isFinite(value.value) ? value.value : String(value.value) };
    case "i64":
      return { op: "const", value: value.value.toString() };
    case "duration":
      return { op: "const", value: value.ns.toString() };
    case "bool":
      return { op: "const", value: value.value };
    case "null":
      return { op: "const", value: null };
  }
}

const f64: IrType = { base: "f64", nullable: false };
const f64Nullable: IrType = { base: "f64", nullable: true };

class DatasetLowering {
  readonly step = new InstructionList();
  readonly emit = new InstructionList();
  readonly filter = new InstructionList();
  readonly now = new InstructionList();
  readonly label = new InstructionList();
  readonly states: IrState[] = [];
  /** Label lowering: now slots by now-program id, future slots, and futures read by the label being lowered. */
  private readonly nowSlots = new Map<number, number>();
  private readonly futures: IrFuture[] = [];
  private readonly futureByKey = new Map<string, number>();
  private readonly futurePrograms = new Map<string, InstructionList>();
  private futureAttempts = 0;
  private labelFutures = new Set<number>();
  /** State id and its update instruction, by `kind:input instruction id`. */
  private readonly stateByInput = new Map<string, { state: number; update: number }>();

  /** Instruction ids of each binding, per phase. */
  private readonly lowered = new WeakMap<Bound, Lowered>();
  /** `hasFuture` answers, per frame. */
  private readonly futureIn = new WeakMap<Frame, Map<TypedExpr, boolean>>();
  /** The frame of each call site, per caller frame. */
  private readonly frames = new WeakMap<Frame, Map<Extract<TypedExpr, { kind: "call" }>, Frame>>();

  constructor(private readonly functions: ReadonlyMap<string, TypedFunction>) {}

  private program(phase: Phase): InstructionList {
    switch (phase) {
      case "step":
        return this.step;
      case "emit":
        return this.emit;
      case "filter":
        return this.filter;
      case "now":
        return this.now;
      case "label":
        return this.label;
      default:
        return this.futurePrograms.get(phase)!;
    }
  }

  /** The labels' programs and columns (docs/ir.md, "Labels"). */
  lowerLabels(labels: readonly TypedDataset["labels"][number][], root: Frame): IrLabels {
    const columns = labels.map((column) => {
      this.labelFutures = new Set();
      const value = this.lower(column.value, root, "label");
      return {
        name: column.name,
        type: column.type,
        value,
        futures: [...this.labelFutures].sort((a, b) => a - b),
        ...(column.doc === undefined ? {} : { doc: column.doc }),
      };
    });
    const nowValues: IrLabels["nowValues"] = [];
    for (const [id, slot] of this.nowSlots) nowValues[slot] = { type: this.now.typeOf(id), value: id };
    return { now: this.now.instructions, nowValues, futures: this.futures, program: this.label.instructions, columns };
  }

  lower(expr: TypedExpr, scope: Frame, phase: Phase): number {
    const out = this.program(phase);
    const operand = (child: TypedExpr) => this.lower(child, scope, phase);
    // In a label, what reads only the present is evaluated at the row (a now slot).
    if (phase === "label" && expr.kind !== "const" && !this.hasFuture(expr, scope)) {
      const id = this.lower(expr, scope, "now");
      let slot = this.nowSlots.get(id);
      if (slot === undefined) this.nowSlots.set(id, (slot = this.nowSlots.size));
      return out.add({ op: "label.now", slot }, this.now.typeOf(id));
    }
    if (isUnary(expr)) return out.add({ op: UNARY_OPS[expr.kind], args: [operand(expr.operand)] }, expr.type);
    switch (expr.kind) {
      case "const":
        return out.add(constOp(expr.value), expr.type);
      case "bookLevel": {
        const level = this.foldLevel(expr.level, scope);
        const op = expr.field === "price" ? "book.price" : expr.field === "size" ? "book.size" : "book.count";
        return out.add({ op, side: expr.side, level }, expr.type);
      }
      case "bookDepth":
        return out.add({ op: "book.depth", side: expr.side, levels: this.foldLevel(expr.levels, scope) }, expr.type);
      case "bookLevels":
        return out.add({ op: "book.levels", side: expr.side }, expr.type);
      case "bookDerived":
        return this.lowerDerived(expr.field, out);
      case "event":
        return out.add({ op: `event.${expr.field}` } as IrOp, expr.type);
      case "trade":
        return out.add({ op: `trade.${expr.field}` } as IrOp, expr.type);
      case "flow":
        return out.add({ op: `flow.${expr.field}` } as IrOp, expr.type);
      case "row":
        if (phase === "step" || phase.startsWith("future#"))
          throw new Error("internal: `row.*` in a step or future program after checking");
        return out.add({ op: `row.${expr.field}` }, expr.type);
      case "quality":
        if (SINCE_ROW_QUALITY.has(expr.field) && (phase === "step" || phase.startsWith("future#")))
          throw new Error(`internal: \`quality.${expr.field}\` in a step or future program after checking`);
        return out.add({ op: `quality.${expr.field}` }, expr.type);
      case "arithmetic":
      case "compare": {
        const left = operand(expr.left);
        const right = operand(expr.right);
        return out.add({ op: expr.op, args: [left, right] }, expr.type);
      }
      case "logic": {
        const left = operand(expr.left);
        const right = operand(expr.right);
        return out.add({ op: expr.op, args: [left, right] }, expr.type);
      }
      case "coalesce": {
        const left = operand(expr.left);
        const right = operand(expr.right);
        return out.add({ op: "coalesce", args: [left, right] }, expr.type);
      }

      case "if": {
        const condition = operand(expr.condition);
        const thenValue = operand(expr.then);
        const elseValue = operand(expr.else);
        return out.add({ op: "if", args: [condition, thenValue, elseValue] }, expr.type);
      }
      case "temporal": {
        const { state, update } = this.stateFor(expr, scope);
        return phase === "step" ? update : out.add({ op: "state.read", state }, this.states[state].type);
      }
      case "param":
      case "let": {
        const binding = this.resolve(scope, expr);
        const lowered = this.lowered.get(binding) ?? {};
        this.lowered.set(binding, lowered);
        return (lowered[phase] ??= this.lower(binding.expr, binding.frame, phase));
      }
      case "call":
        return this.lower(...this.inline(expr, scope), phase);
      case "future": {
        if (phase !== "label") throw new Error("internal: `future` outside a label after checking");
        const slot = this.futureSlot(expr, scope);
        this.labelFutures.add(slot);
        return out.add({ op: "label.future", slot }, this.futures[slot].type);
      }
    }
  }

  /** The slot of `future(x, h)`: `x` lowered into a program of its own; the same (x, h) shares a slot. */
  private futureSlot(expr: Extract<TypedExpr, { kind: "future" }>, scope: Frame): number {
    // A fresh phase per attempt: bindings cache their ids per phase, and a duplicate's program is dropped.
    const phase: Phase = `future#${this.futureAttempts++}`;
    const program = new InstructionList();
    this.futurePrograms.set(phase, program);
    const value = this.lower(expr.input, scope, phase);
    this.futurePrograms.delete(phase);
    const horizonNs = this.foldLevel(expr.horizon, scope).toString();
    const key = JSON.stringify([horizonNs, program.instructions, value]);
    const existing = this.futureByKey.get(key);
    if (existing !== undefined) return existing;
    const slot = this.futures.length;
    this.futures.push({
      slot,
      horizonNs,
      type: program.typeOf(value),
      program: program.instructions,
      value,
      label: describe(expr, this.describeScope(scope)),
    });
    this.futureByKey.set(key, slot);
    return slot;
  }

  /**
   * Whether `expr` (with its bindings and inlined calls) contains a `future`. Remembered per
   * frame: the label lowering asks it at every node, which would cost depth times size.
   */
  private hasFuture(expr: TypedExpr, scope: Frame): boolean {
    let known = this.futureIn.get(scope);
    if (!known) this.futureIn.set(scope, (known = new Map()));
    const cached = known.get(expr);
    if (cached !== undefined) return cached;
    let result: boolean;
    switch (expr.kind) {
      case "future":
        result = true;
        break;
      case "param":
      case "let": {
        const binding = resolve(scope, expr);
        result = binding !== undefined && this.hasFuture(binding.expr, binding.frame);
        break;
      }
      case "call": {
        const [body, inner] = this.inline(expr, scope);
        result = this.hasFuture(body, inner);
        break;
      }
      default:
        result = children(expr).some((child) => this.hasFuture(child, scope));
    }
    known.set(expr, result);
    return result;
  }

  /** The body of the called function and the frame binding its parameters and `let`s. */
  private inline(call: Extract<TypedExpr, { kind: "call" }>, caller: Frame): [TypedExpr, Frame] {
    const fn = this.functions.get(call.fn);
    if (!fn) throw new Error(`internal: function \`${call.fn}\` missing after checking`);
    const key = this.frames.get(caller) ?? new Map<Extract<TypedExpr, { kind: "call" }>, Frame>();
    this.frames.set(caller, key);
    // One frame per call site and caller, so a binding is lowered once however often it is read.
    let frame = key.get(call);
    if (!frame) key.set(call, (frame = callFrame(fn, call.args, caller)));
    return [fn.result, frame];
  }

  private resolve(scope: Frame, reference: { kind: "param" | "let"; name: string }): Bound {
    const binding = resolve(scope, reference);
    if (!binding) throw new Error(`internal: \`${reference.name}\` is unbound after checking`);
    return binding;
  }

  /** `book.mid`, `book.spread`, `book.microprice` exactly as section 5 writes them, left to right. */
  private lowerDerived(field: "mid" | "spread" | "microprice", out: InstructionList): number {
    const price = (side: "bid" | "ask") => out.add({ op: "book.price", side, level: 1 }, f64Nullable);
    const size = (side: "bid" | "ask") => out.add({ op: "book.size", side, level: 1 }, f64Nullable);
    switch (field) {
      case "mid": {
        const sum = out.add({ op: "add", args: [price("bid"), price("ask")] }, f64Nullable);
        return out.add({ op: "div", args: [sum, out.add({ op: "const", value: 2 }, f64)] }, f64Nullable);
      }
      case "spread": {
        const ask = price("ask");
        return out.add({ op: "sub", args: [ask, price("bid")] }, f64Nullable);
      }
      case "microprice": {
        // (bid * ask_size + ask * bid_size) / (bid_size + ask_size)
        const bidTerm = out.add({ op: "mul", args: [price("bid"), size("ask")] }, f64Nullable);
        const askTerm = out.add({ op: "mul", args: [price("ask"), size("bid")] }, f64Nullable);
        const numerator = out.add({ op: "add", args: [bidTerm, askTerm] }, f64Nullable);
        const denominator = out.add({ op: "add", args: [size("bid"), size("ask")] }, f64Nullable);
        return out.add({ op: "div", args: [numerator, denominator] }, f64Nullable);
      }
    }
  }

  /** The state of a temporal operator, created with its step-program update on first use. */
  private stateFor(expr: Extract<TypedExpr, { kind: "temporal" }>, scope: Frame): { state: number; update: number } {
    const input = this.lower(expr.input, scope, "step");
    const attributes = this.stateAttributes(expr, scope);
    const key = JSON.stringify([attributes, input]);
    const existing = this.stateByInput.get(key);
    if (existing) return existing;
    const inputType = this.step.typeOf(input);
    // Key order is the IR's JSON order, and so part of its hash.
    const state = {
      id: this.states.length,
      kind: attributes.kind,
      type: expr.type,
      inputType,
      resetOnEmit: stateKinds[attributes.kind].resetOnEmit,
      label: describe(expr, this.describeScope(scope)),
      ...attributes.extra,
    } as IrState;
    this.states.push(state);
    const update = this.step.add({ op: "state.update", state: state.id, args: [input] }, state.type);
    const entry = { state: state.id, update };
    this.stateByInput.set(key, entry);
    return entry;
  }

  /** The state kind and its constant attributes (docs/ir.md, "States"), folded after inlining. */
  private stateAttributes(
    expr: Extract<TypedExpr, { kind: "temporal" }>,
    scope: Frame,
  ): { kind: StateKind; extra: Record<string, number | string> } {
    const op = expr.op;
    const window = expr.window ? BigInt(this.foldLevel(expr.window, scope)) : undefined;
    const byTime = expr.window?.type.base === "duration";
    if (op === "ema") {
      if (byTime) return { kind: "ema_time", extra: { halfLifeNs: window!.toString() } };
      // alpha = 2 / (n + 1): n + 1 <= 2^53 is exact, and the quotient rounds once.
      return { kind: "ema", extra: { alpha: 2 / (Number(window!) + 1) } };
    }
    if (!isRollingKind(op)) return { kind: op, extra: {} };
    const extra: Record<string, number | string> = byTime
      ? { capacity: this.foldLevel(expr.capacity!, scope), windowNs: window!.toString() }
      : { capacity: Number(window!) };
    if (expr.q) extra.q = this.foldNumber(expr.q, scope);
    return { kind: op, extra };
  }

  /** An f64 constant argument (a quantile's `q`), folded after inlining. */
  private foldNumber(expr: TypedExpr, scope: Frame): number {
    const folded = foldLevelArgument(expr, (reference) => this.foldReference(reference, scope));
    if (folded.kind === "float") return folded.value;
    if (folded.kind === "int") return Number(folded.value);
    throw new Error("internal: a constant did not fold after checking");
  }

  private foldLevel(expr: TypedExpr, scope: Frame): number {
    const folded = foldLevelArgument(expr, (reference) => this.foldReference(reference, scope));
    if (folded.kind !== "int") throw new Error("internal: a book level did not fold to a constant after checking");
    return Number(folded.value);
  }

  private foldReference(reference: { kind: "param" | "let"; name: string }, scope: Frame): Folded {
    const binding = this.resolve(scope, reference);
    return foldLevelArgument(binding.expr, (inner) => this.foldReference(inner, binding.frame));
  }

  private describeScope(scope: Frame): DescribeScope {
    return {
      lookup: (kind, name) => {
        const binding = resolve(scope, { kind, name });
        return binding ? { expr: binding.expr, scope: this.describeScope(binding.frame) } : undefined;
      },
      foldLevel: (level) => this.foldLevel(level, scope),
      foldNumber: (value) => this.foldNumber(value, scope),
    };
  }
}

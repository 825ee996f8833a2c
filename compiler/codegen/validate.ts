// What both code generators check before spelling a program: every value they write into
// source as it is (numbers, booleans, op names, sides, decimal strings) has the shape docs/ir.md
// gives it. The compiler's own IR always passes; an IR from elsewhere (`buildKernel` is public,
// and the IR is versioned JSON for tools) cannot turn a field into code (docs/security.md).
// Text fields (names, the source path, labels) are escaped where they are written instead
// (./safeText.ts).

import { stateKinds } from "../builtins/states.js";
import { IR_VERSION, type BaseType, type IrInstr, type IrProgram, type IrType } from "../ir/types.js";

export class GeneratorInputError extends Error {
  readonly code = "BAD_IR";
}

/** Every op and the number of SSA arguments it takes; complete, so a new op fails to compile here. */
const OPS: Record<IrInstr["op"], number | "book" | "depth" | "levels" | "state" | "slot" | "const"> = {
  const: "const",
  "book.price": "book",
  "book.size": "book",
  "book.count": "book",
  "book.depth": "depth",
  "book.levels": "levels",
  "event.exchange_ts": 0,
  "event.ingest_ts": 0,
  "event.price": 0,
  "event.size": 0,
  "event.side": 0,
  "event.kind": 0,
  "trade.count": 0,
  "trade.size": 0,
  "trade.signed_size": 0,
  "trade.price": 0,
  "flow.adds.bid": 0,
  "flow.adds.ask": 0,
  "flow.cancels.bid": 0,
  "flow.cancels.ask": 0,
  "row.ts": 0,
  "row.trigger": 0,
  "quality.crossed": 0,
  "quality.locked": 0,
  "quality.gap": 0,
  "quality.bad_book": 0,
  "quality.bad_ts": 0,
  "quality.reset": 0,
  add: 2,
  sub: 2,
  mul: 2,
  div: 2,
  neg: 1,
  lt: 2,
  le: 2,
  gt: 2,
  ge: 2,
  eq: 2,
  ne: 2,
  and: 2,
  or: 2,
  not: 1,
  if: 3,
  coalesce: 2,
  is_null: 1,
  i2f: 1,
  f2i: 1,
  log: 1,
  "state.update": "state",
  "state.read": "state",
  "label.now": "slot",
  "label.future": "slot",
};

const BASES: Record<BaseType, true> = { f64: true, i64: true, bool: true, timestamp: true, duration: true };

const DECIMAL = /^-?(0|[1-9][0-9]{0,18})$/;

type Fields = Record<string, unknown>;

class Checker {
  constructor(private readonly where: string[] = []) {}

  fail(what: string): never {
    throw new GeneratorInputError(`not a valid featc IR: ${[...this.where, what].join(": ")}`);
  }

  at(where: string): Checker {
    return new Checker([...this.where, where]);
  }

  record(value: unknown, what: string): Fields {
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(`${what} is not an object`);
    return value as Fields;
  }

  array(value: unknown, what: string): unknown[] {
    if (!Array.isArray(value)) this.fail(`${what} is not a list`);
    return value;
  }

  integer(value: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max)
      this.fail(`${what} is not an integer from ${min} to ${max}`);
    return value;
  }

  finite(value: unknown, what: string): number {
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(`${what} is not a finite number`);
    return value;
  }

  bool(value: unknown, what: string): boolean {
    if (typeof value !== "boolean") this.fail(`${what} is not a bool`);
    return value;
  }

  string(value: unknown, what: string): string {
    if (typeof value !== "string") this.fail(`${what} is not a string`);
    return value;
  }

  decimal(value: unknown, what: string, nonNegative = true): string {
    if (typeof value !== "string" || !DECIMAL.test(value) || (nonNegative && value.startsWith("-")))
      this.fail(`${what} is not a ${nonNegative ? "non-negative " : ""}decimal integer string`);
    const n = BigInt(value);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) this.fail(`${what} does not fit an int64`);
    return value;
  }

  type(value: unknown, what: string): IrType {
    const t = this.record(value, what);
    if (typeof t.base !== "string" || !Object.hasOwn(BASES, t.base)) this.fail(`${what} has an unknown base type`);
    this.bool(t.nullable, `${what}.nullable`);
    return t as unknown as IrType;
  }
}

function checkConst(c: Checker, value: unknown, type: IrType): void {
  if (value === null) return;
  switch (type.base) {
    case "bool":
      c.bool(value, "const value");
      return;
    case "f64":
      if (typeof value === "number") return void c.finite(value, "const value");
      if (value !== "NaN" && value !== "Infinity" && value !== "-Infinity")
        c.fail("f64 const is neither a number nor NaN/Infinity/-Infinity");
      return;
    default:
      if (typeof value === "number") return void c.integer(value, "const value", Number.MIN_SAFE_INTEGER);
      c.decimal(value, "const value", false);
  }
}

function checkProgram(c: Checker, value: unknown, states: number): void {
  const ids = new Set<number>();
  c.array(value, "program").forEach((raw, index) => {
    const at = c.at(`instruction ${index}`);
    const instr = at.record(raw, "instruction");
    const op = at.string(instr.op, "op");
    if (!Object.hasOwn(OPS, op)) at.fail(`unknown op \`${op.slice(0, 40)}\``);
    const id = at.integer(instr.id, "id");
    if (ids.has(id)) at.fail(`id ${id} is defined twice`);
    const type = at.type(instr.type, "type");
    const shape = OPS[op as IrInstr["op"]];
    const args = (count: number) => {
      const list = at.array(instr.args, "args");
      if (list.length !== count) at.fail(`takes ${count} arguments`);
      for (const arg of list) if (!ids.has(at.integer(arg, "argument"))) at.fail("argument is not an earlier id");
    };
    switch (shape) {
      case "const":
        checkConst(at, instr.value, type);
        break;
      case "book":
        if (instr.side !== "bid" && instr.side !== "ask") at.fail("side is not bid or ask");
        at.integer(instr.level, "level", 1, 1_000_000);
        break;
      case "depth":
        if (instr.side !== "bid" && instr.side !== "ask") at.fail("side is not bid or ask");
        at.integer(instr.levels, "levels", 1, 1_000_000);
        break;
      case "levels":
        if (instr.side !== "bid" && instr.side !== "ask") at.fail("side is not bid or ask");
        break;
      case "state":
        at.integer(instr.state, "state", 0, states - 1);
        if (op === "state.update") args(1);
        break;
      case "slot":
        at.integer(instr.slot, "slot");
        break;
      default:
        if (shape > 0) args(shape);
    }
    ids.add(id);
  });
}

/** Throws GeneratorInputError when `program` has a field the generators would not spell as data. */
export function checkGeneratable(program: IrProgram): void {
  const c = new Checker();
  const p = c.record(program, "the program");
  if (p.irVersion !== IR_VERSION) c.fail(`irVersion is not ${IR_VERSION}`);
  c.string(p.name, "name");
  c.string(p.source, "source");
  const trigger = c.record(p.trigger, "trigger");
  const at = c.at("trigger");
  at.bool(trigger.everyEvent, "everyEvent");
  at.bool(trigger.trade, "trade");
  at.integer(trigger.everyEvents, "everyEvents");
  at.decimal(trigger.barNs, "barNs");
  if (trigger.bookChange !== undefined) at.integer(trigger.bookChange, "bookChange");
  if (trigger.everyVolume !== undefined) at.finite(trigger.everyVolume, "everyVolume");

  const states = c.array(p.states, "states");
  states.forEach((raw, index) => {
    const s = c.at(`state ${index}`);
    const state = s.record(raw, "state");
    if (s.integer(state.id, "id") !== index) s.fail("id is not its index");
    const kind = s.string(state.kind, "kind");
    if (!Object.hasOwn(stateKinds, kind)) s.fail("unknown kind");
    s.type(state.type, "type");
    s.type(state.inputType, "inputType");
    s.bool(state.resetOnEmit, "resetOnEmit");
    s.string(state.label, "label");
    if (state.capacity !== undefined) s.integer(state.capacity, "capacity", 1);
    if (state.windowNs !== undefined) s.decimal(state.windowNs, "windowNs");
    if (state.halfLifeNs !== undefined) s.decimal(state.halfLifeNs, "halfLifeNs");
    if (state.alpha !== undefined) s.finite(state.alpha, "alpha");
    if (state.q !== undefined) s.finite(state.q, "q");
    if (kind.startsWith("rolling_") && state.capacity === undefined) s.fail("a rolling state has no capacity");
    if (kind === "ema" && state.alpha === undefined) s.fail("an ema has no alpha");
    if (kind === "ema_time" && state.halfLifeNs === undefined) s.fail("an ema_time has no halfLifeNs");
    if (kind === "rolling_quantile" && state.q === undefined) s.fail("a rolling_quantile has no q");
  });

  checkProgram(c.at("step"), p.step, states.length);
  checkProgram(c.at("emit"), p.emit, states.length);
  if (p.filter !== undefined) {
    const filter = c.record(p.filter, "filter");
    checkProgram(c.at("filter"), filter.program, states.length);
    c.integer(filter.value, "filter value");
  }
  const columns = (value: unknown, what: string) =>
    c.array(value, what).forEach((raw, index) => {
      const col = c.at(`${what} ${index}`);
      const column = col.record(raw, "column");
      col.string(column.name, "name");
      col.type(column.type, "type");
      col.integer(column.value, "value");
      if (column.futures !== undefined)
        for (const f of col.array(column.futures, "futures")) col.integer(f, "future slot");
    });
  columns(p.columns, "columns");
  if (p.labels !== undefined) {
    const labels = c.record(p.labels, "labels");
    const at = c.at("labels");
    checkProgram(at.at("now"), labels.now, states.length);
    checkProgram(at.at("program"), labels.program, states.length);
    at.array(labels.nowValues, "nowValues").forEach((raw) => {
      const v = at.record(raw, "now value");
      at.type(v.type, "now value type");
      at.integer(v.value, "now value");
    });
    at.array(labels.futures, "futures").forEach((raw, index) => {
      const f = at.at(`future ${index}`);
      const future = f.record(raw, "future");
      f.integer(future.slot, "slot");
      f.decimal(future.horizonNs, "horizonNs");
      f.type(future.type, "type");
      checkProgram(f.at("program"), future.program, states.length);
      f.integer(future.value, "value");
      f.string(future.label, "label");
    });
    columns(labels.columns, "label columns");
  }
}

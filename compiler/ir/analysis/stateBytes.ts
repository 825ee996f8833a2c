// Bytes of per-symbol state each column costs: the sum of the sizes of the states it depends
// on, transitively (./dependencies.ts). Sizes are the fields a generated kernel keeps for the
// state (compiler/codegen/rust/emitKernel.ts, `stateFields`; the TypeScript kernel keeps the
// same fields), without struct padding or the pointers to a window's buffers.

import type { IrProgram, IrState, IrType, StateKind } from "../types.js";
import { columnStates, stateGraph, transitiveStates } from "./dependencies.js";

/** A value field: f64, i64, timestamp and duration are 8 bytes, bool is 1. */
export function valueBytes(type: IrType): number {
  return type.base === "bool" ? 1 : 8;
}

const validityFlag = 1;

/**
 * Bytes of one state of each kind, from the fields its kernel layout holds. Partial so that a
 * kind added to the IR does not break the build here; test/golden/explain checks that every
 * kind has a row, and a kind without one is reported as unknown rather than guessed.
 */
export const stateByteTable: Partial<Record<StateKind, (state: IrState) => number>> = {
  // held value + held_ok, out value + out_ok: the previous step's value is read after the update.
  prev: (s) => 2 * (valueBytes(s.type) + validityFlag),
  // acc + ok
  sum_since_emit: (s) => valueBytes(s.type) + validityFlag,
  // the count (i64)
  count_since_emit: () => 8,
  // value + ok (ok doubles as "seen one since the row")
  first_since_emit: (s) => valueBytes(s.type) + validityFlag,
  last_since_emit: (s) => valueBytes(s.type) + validityFlag,
  min_since_emit: (s) => valueBytes(s.type) + validityFlag,
  max_since_emit: (s) => valueBytes(s.type) + validityFlag,
  // the average + ok; alpha is a constant of the generated code
  ema: (s) => valueBytes(s.type) + validityFlag,
  // the average + ok + the timestamp of the last update, to decay by elapsed time
  ema_time: (s) => valueBytes(s.type) + validityFlag + 8,
  // featc_core::kernel::Window (native/core/src/kernel.rs): per slot an f64 value and a
  // valid flag, plus a timestamp for a time window; head, len and span_ns. Aggregates are
  // recomputed from the buffer when read, so no running sums are kept.
  rolling_sum: window,
  rolling_mean: window,
  rolling_min: window,
  rolling_max: window,
  rolling_std: window,
  rolling_count: window,
  // the timestamp of the last step where the condition held + ok
  time_since: () => 8 + validityFlag,
};

function window(state: IrState): number {
  const capacity = state.capacity ?? 1;
  const slot = 8 + validityFlag + (state.windowNs !== undefined ? 8 : 0);
  return capacity * slot + 3 * 8;
}

/** The state's bytes; undefined for a kind the table does not know. */
export function stateBytes(state: IrState): number | undefined {
  return stateByteTable[state.kind]?.(state);
}

function sum(values: (number | undefined)[]): number | undefined {
  return values.some((value) => value === undefined)
    ? undefined
    : values.reduce<number>((total, value) => total + value!, 0);
}

export interface ColumnStateBytes {
  column: string;
  /** The states the column depends on, transitively. */
  states: number[];
  /** Undefined when a state's kind has no size in the table. */
  bytes: number | undefined;
}

export function columnStateBytes(program: IrProgram): ColumnStateBytes[] {
  const graph = stateGraph(program);
  const byId = new Map(program.states.map((state) => [state.id, state]));
  return program.columns.map((column) => {
    const states = transitiveStates(graph, columnStates(program, column.value));
    return { column: column.name, states, bytes: sum(states.map((id) => stateBytes(byId.get(id)!))) };
  });
}

/** All of a program's state, per symbol. */
export function totalStateBytes(program: IrProgram): number | undefined {
  return sum(program.states.map(stateBytes));
}

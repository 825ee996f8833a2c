// Bytes of per-symbol state each column costs: the sum of the sizes of the states it depends
// on, transitively (./dependencies.ts). Each kind's size is its rule in the table of state kinds
// (compiler/builtins/states.ts), from the fields both generated kernels keep for it.

import { stateKinds, type StateKindInfo } from "../../builtins/states.js";
import type { IrProgram, IrState } from "../types.js";
import { columnStates, stateGraph, transitiveStates } from "./dependencies.js";

/** The state's bytes (compiler/builtins/states.ts); undefined for a kind the table does not know. */
export function stateBytes(state: IrState): number | undefined {
  const info = (stateKinds as unknown as Partial<Record<string, StateKindInfo<IrState>>>)[state.kind];
  return info?.bytes(state);
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

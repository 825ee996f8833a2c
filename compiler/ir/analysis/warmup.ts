// The warm-up horizon of each column (docs/architecture.md section 5, docs/language.md section 7): how much
// history a run must replay before its first row so that the column equals a full-day run's.
// A horizon is a requirement of at least `events` steps and at least `ns` of exchange time
// before the first row; a state whose value can depend on arbitrarily old input is unbounded.
//
// Nested states add up (`sum_since_emit(delta(x))` needs the since-emit window plus one more
// step for the `prev` inside); a column needs the largest requirement among its states.

import { stateKinds, type StateKindInfo } from "../../builtins/states.js";
import { formatNs } from "../../check/literals.js";
import type { IrProgram, IrState, IrTrigger } from "../types.js";
import { anySinceRow, columnStates, readsSinceRow, stateGraph, type StateNode } from "./dependencies.js";

export type Horizon = { bounded: true; events: number; ns: bigint } | { bounded: false; reason: string };

export const noHistory: Horizon = { bounded: true, events: 0, ns: 0n };

function unbounded(reason: string): Horizon {
  return { bounded: false, reason };
}

/**
 * Since-emit states cover the steps since the last row, so they are bounded by whatever
 * bounds the gap between rows: one step with `event`, a bar period with `every T` (a row at
 * every boundary, docs/language.md section 4), N steps with `every N events`; `trade` alone
 * leaves it unbounded (a quiet instrument may not trade for hours).
 */
export function sinceLastRow(trigger: IrTrigger): Horizon {
  if (trigger.everyEvent) return { bounded: true, events: 1, ns: 0n };
  if (trigger.barNs !== "0") return { bounded: true, events: 0, ns: BigInt(trigger.barNs) };
  if (trigger.everyEvents > 0) return { bounded: true, events: trigger.everyEvents, ns: 0n };
  return unbounded("since the last row, and rows come only with trades");
}

/** The horizon of one state, from its kind's lookback (compiler/builtins/states.ts). */
export function stateHorizon(state: IrState, trigger: IrTrigger): Horizon {
  const info = (stateKinds as unknown as Partial<Record<string, StateKindInfo<unknown>>>)[state.kind];
  if (!info) return unbounded(`no warm-up rule for state kind \`${state.kind}\``);
  const lookback = info.lookback;
  switch (lookback.kind) {
    case "previousStep":
      return { bounded: true, events: 1, ns: 0n };
    case "sinceLastRow":
      return sinceLastRow(trigger);
    case "unbounded":
      return unbounded(lookback.reason);
    case "window":
      if (!("capacity" in state)) return unbounded("window length not recorded in the IR");
      if (state.windowNs !== undefined) return { bounded: true, events: 0, ns: BigInt(state.windowNs) };
      return { bounded: true, events: state.capacity, ns: 0n };
  }
}

/** `a` then `b` before it: the requirements add up. */
function chain(a: Horizon, b: Horizon): Horizon {
  if (!a.bounded) return a;
  if (!b.bounded) return b;
  return { bounded: true, events: a.events + b.events, ns: a.ns + b.ns };
}

/** Both must hold: the larger of each bound. */
export function widest(a: Horizon, b: Horizon): Horizon {
  if (!a.bounded) return a;
  if (!b.bounded) return b;
  return { bounded: true, events: Math.max(a.events, b.events), ns: a.ns > b.ns ? a.ns : b.ns };
}

export interface ColumnHorizon {
  column: string;
  horizon: Horizon;
}

/** The horizon of every state (its own lookback and its inputs'), by state id. */
function stateHorizons(program: IrProgram): (id: number) => Horizon {
  const graph = stateGraph(program);
  const byId = new Map(program.states.map((state) => [state.id, state]));
  const memo = new Map<number, Horizon>();
  const horizonOf = (id: number, visiting: Set<number>): Horizon => {
    const known = memo.get(id);
    if (known) return known;
    const own = stateHorizon(byId.get(id)!, program.trigger);
    const node: StateNode = graph.get(id) ?? { id, inputs: [] };
    // The lowering orders states inner first, so inputs never cycle; `visiting` guards anyway.
    const inner = node.inputs
      .filter((input) => !visiting.has(input))
      .map((input) => horizonOf(input, new Set([...visiting, id])));
    const result = chain(own, inner.reduce(widest, noHistory));
    memo.set(id, result);
    return result;
  };
  return (id) => horizonOf(id, new Set());
}

export function columnHorizons(program: IrProgram): ColumnHorizon[] {
  const horizonOf = stateHorizons(program);
  return program.columns.map((column) => {
    const states = columnStates(program, column.value).map(horizonOf).reduce(widest, noHistory);
    // `quality.gap` and the like cover the records since the last row, as a since-emit state does.
    const sinceRow = readsSinceRow(program.emit, column.value) ? sinceLastRow(program.trigger) : noHistory;
    return { column: column.name, horizon: widest(states, sinceRow) };
  });
}

/** Whether a program of the spec reads `quality.gap`, `bad_book`, `bad_ts` or `reset` (since the last row). */
function readsQualitySinceRow(program: IrProgram): boolean {
  return (
    anySinceRow(program.emit) || anySinceRow(program.filter?.program ?? []) || anySinceRow(program.labels?.now ?? [])
  );
}

/**
 * The history a run must replay before its first row so that every row equals a full run's:
 * the widest horizon of every state (the columns', the `when` filter's and the labels') and of
 * the since-the-last-row `quality.*` fields (as a since-emit state's), and
 * `unbounded` when the trigger itself counts since its last firing (`every N events`,
 * `every V volume`), which depends on every firing before.
 */
export function programHorizon(program: IrProgram): Horizon {
  if (program.trigger.everyEvents > 0) return unbounded("`every N events` counts packets since the last firing");
  if ((program.trigger.everyVolume ?? 0) > 0) return unbounded("`every V volume` sums trades since the last firing");
  // A firing the `when` rejects is no row, so it resets no since-emit state: the steps since
  // the last row are then bounded by nothing the trigger says.
  const sinceRow = readsQualitySinceRow(program);
  if (program.filter !== undefined && (sinceRow || program.states.some((state) => stateKinds[state.kind].resetOnEmit)))
    return unbounded("since the last row, and `when` may reject any number of firings");
  const horizonOf = stateHorizons(program);
  const states = program.states.map((state) => horizonOf(state.id)).reduce(widest, noHistory);
  return sinceRow ? widest(states, sinceLastRow(program.trigger)) : states;
}

export function formatHorizon(horizon: Horizon): string {
  if (!horizon.bounded) return `unbounded (${horizon.reason})`;
  const parts: string[] = [];
  if (horizon.events > 0) parts.push(`${horizon.events} event${horizon.events === 1 ? "" : "s"}`);
  if (horizon.ns > 0n) parts.push(formatNs(horizon.ns));
  return parts.length === 0 ? "none" : parts.join(" + ");
}

export { formatNs };

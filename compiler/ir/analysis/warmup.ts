// The warm-up horizon of each column (docs/architecture.md section 5, docs/language.md section 7): how much
// history a run must replay before its first row so that the column equals a full-day run's.
// A horizon is a requirement of at least `events` steps and at least `ns` of exchange time
// before the first row; a state whose value can depend on arbitrarily old input is unbounded.
//
// Nested states add up (`sum_since_emit(delta(x))` needs the since-emit window plus one more
// step for the `prev` inside); a column needs the largest requirement among its states.

import type { IrProgram, IrState, IrTrigger, StateKind } from "../types.js";
import { columnStates, stateGraph, type StateNode } from "./dependencies.js";

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

type HorizonRule = (state: IrState, trigger: IrTrigger) => Horizon;

function rollingWindow(state: IrState): Horizon {
  if (state.windowNs !== undefined) return { bounded: true, events: 0, ns: BigInt(state.windowNs) };
  if (state.capacity !== undefined) return { bounded: true, events: state.capacity, ns: 0n };
  return unbounded("window length not recorded in the IR");
}

/**
 * Partial on purpose: a state kind without a row is reported as unbounded, the safe answer
 * for a warm start (replay the whole day); test/golden/explain checks every kind has a row.
 */
export const warmupTable: Partial<Record<StateKind, HorizonRule>> = {
  prev: () => ({ bounded: true, events: 1, ns: 0n }),
  sum_since_emit: (_s, trigger) => sinceLastRow(trigger),
  count_since_emit: (_s, trigger) => sinceLastRow(trigger),
  first_since_emit: (_s, trigger) => sinceLastRow(trigger),
  last_since_emit: (_s, trigger) => sinceLastRow(trigger),
  min_since_emit: (_s, trigger) => sinceLastRow(trigger),
  max_since_emit: (_s, trigger) => sinceLastRow(trigger),
  // Every past input keeps a weight (exponential decay): exact equality needs the whole day.
  ema: () => unbounded("ema weighs every past step (exponential decay)"),
  ema_time: () => unbounded("ema weighs every past step (exponential decay)"),
  rolling_sum: rollingWindow,
  rolling_mean: rollingWindow,
  rolling_min: rollingWindow,
  rolling_max: rollingWindow,
  rolling_std: rollingWindow,
  rolling_count: rollingWindow,
  time_since: () => unbounded("the condition may last have held at any time before"),
};

export function stateHorizon(state: IrState, trigger: IrTrigger): Horizon {
  const rule = warmupTable[state.kind];
  return rule ? rule(state, trigger) : unbounded(`no warm-up rule for state kind \`${state.kind}\``);
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

export function columnHorizons(program: IrProgram): ColumnHorizon[] {
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
  return program.columns.map((column) => ({
    column: column.name,
    horizon: columnStates(program, column.value)
      .map((id) => horizonOf(id, new Set()))
      .reduce(widest, noHistory),
  }));
}

export function formatHorizon(horizon: Horizon): string {
  if (!horizon.bounded) return `unbounded (${horizon.reason})`;
  const parts: string[] = [];
  if (horizon.events > 0) parts.push(`${horizon.events} event${horizon.events === 1 ? "" : "s"}`);
  if (horizon.ns > 0n) parts.push(formatNs(horizon.ns));
  return parts.length === 0 ? "none" : parts.join(" + ");
}

const units: [bigint, string][] = [
  [3_600_000_000_000n, "h"],
  [60_000_000_000n, "m"],
  [1_000_000_000n, "s"],
  [1_000_000n, "ms"],
  [1_000n, "us"],
];

/** The largest unit that divides exactly, as the language writes durations (`1s`, `250ms`). */
export function formatNs(ns: bigint): string {
  for (const [size, unit] of units) if (ns % size === 0n) return `${ns / size}${unit}`;
  return `${ns}ns`;
}

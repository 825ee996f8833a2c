// Which states each column depends on. A column reads states in the emit program; a state's
// input is computed in the step program and may itself read other states (`sum_since_emit`
// of a `delta` reads a `prev`), so dependencies are followed to the end.

import type { IrInstr, IrProgram } from "../types.js";

export interface StateNode {
  id: number;
  /** The states this state's update reads (its input's dependencies), directly. */
  inputs: number[];
}

function argsOf(instr: IrInstr): number[] {
  return "args" in instr ? (instr.args as number[]) : [];
}

/** States read by the instruction `id` of `program`, directly or through other instructions. */
function statesReached(
  id: number,
  byId: Map<number, IrInstr>,
  stateOf: (instr: IrInstr) => number | undefined,
): number[] {
  const found = new Set<number>();
  const seen = new Set<number>();
  const pending = [id];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const instr = byId.get(current);
    if (!instr) continue;
    const state = stateOf(instr);
    // A state's value is a boundary: what feeds the state is that state's own dependency.
    if (state !== undefined) {
      found.add(state);
      continue;
    }
    pending.push(...argsOf(instr));
  }
  return [...found].sort((a, b) => a - b);
}

/** For every state, the states its input reads directly. */
export function stateGraph(program: IrProgram): Map<number, StateNode> {
  const step = new Map(program.step.map((instr) => [instr.id, instr]));
  const updates = program.step.filter(
    (instr): instr is IrInstr & { op: "state.update" } => instr.op === "state.update",
  );
  const graph = new Map<number, StateNode>();
  for (const state of program.states) graph.set(state.id, { id: state.id, inputs: [] });
  for (const update of updates) {
    const inputs = new Set<number>();
    for (const arg of argsOf(update)) {
      for (const state of statesReached(arg, step, (instr) => (instr.op === "state.update" ? instr.state : undefined)))
        inputs.add(state);
    }
    graph.set(update.state, { id: update.state, inputs: [...inputs].sort((a, b) => a - b) });
  }
  return graph;
}

/** The states a column's value reads directly in the emit program. */
export function columnStates(program: IrProgram, columnValue: number): number[] {
  const emit = new Map(program.emit.map((instr) => [instr.id, instr]));
  return statesReached(columnValue, emit, (instr) => (instr.op === "state.read" ? instr.state : undefined));
}

/** Every state reachable from `roots` through state inputs, each once. */
export function transitiveStates(graph: Map<number, StateNode>, roots: number[]): number[] {
  const found = new Set<number>();
  const pending = [...roots];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(graph.get(id)?.inputs ?? []));
  }
  return [...found].sort((a, b) => a - b);
}

/** The ops whose value covers the records since the last row, as a since-emit state does (docs/language.md section 5). */
const SINCE_ROW_OPS: ReadonlySet<string> = new Set([
  "quality.gap",
  "quality.bad_book",
  "quality.bad_ts",
  "quality.reset",
]);

/** Whether instruction `id` of `instrs` reads a since-the-last-row `quality.*` field, directly or through other instructions. */
export function readsSinceRow(instrs: readonly IrInstr[], id: number): boolean {
  const byId = new Map(instrs.map((instr) => [instr.id, instr]));
  const seen = new Set<number>();
  const pending = [id];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const instr = byId.get(current);
    if (!instr) continue;
    if (SINCE_ROW_OPS.has(instr.op)) return true;
    pending.push(...argsOf(instr));
  }
  return false;
}

/** Whether any instruction of `instrs` is a since-the-last-row `quality.*` field. */
export function anySinceRow(instrs: readonly IrInstr[]): boolean {
  return instrs.some((instr) => SINCE_ROW_OPS.has(instr.op));
}

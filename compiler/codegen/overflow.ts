// The message each generated kernel gives when a time window meets more steps within its span
// than its `max_events` holds (docs/language.md section 7.4): the run stops with it rather than
// write a window shorter than the spec says. The same text in both backends.

import { columnStates, stateGraph, transitiveStates } from "../ir/analysis/dependencies.js";
import { CAPACITY_RANGE } from "../builtins/operators.js";
import { formatNs } from "../check/literals.js";
import type { IrProgram, IrState } from "../ir/types.js";

export interface OverflowCheck {
  /** The state whose window can overflow. */
  state: number;
  message: string;
}

/** Every time window of the program, with the message naming it, its columns and the fix. */
export function overflowChecks(p: IrProgram): OverflowCheck[] {
  const graph = stateGraph(p);
  const columnsOf = new Map<number, string[]>();
  for (const column of p.columns) {
    for (const id of transitiveStates(graph, columnStates(p, column.value))) {
      columnsOf.set(id, [...(columnsOf.get(id) ?? []), column.name]);
    }
  }
  return p.states.flatMap((s: IrState) => {
    if (!("windowNs" in s) || s.windowNs === undefined) return [];
    const columns = (columnsOf.get(s.id) ?? []).map((name) => `\`${name}\``).join(", ");
    const message =
      `\`${s.label}\`${columns ? ` (column ${columns})` : ""} met more than ${s.capacity} steps within its ` +
      `${formatNs(BigInt(s.windowNs))} window, the most it holds: raise its \`max_events\` (at most ${CAPACITY_RANGE.max}) ` +
      `or shorten the window; featc never writes a window shorter than the spec says`;
    return [{ state: s.id, message }];
  });
}

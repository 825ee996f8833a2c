// Facts about IR programs that both code generators read the same way: which values a later
// instruction uses, every instruction list of a program, and the column kind of a type.

import type { IrInstr, IrProgram, IrType } from "../ir/types.js";

/** Ids that some instruction of the program takes as an argument. */
export function usedIds(program: IrInstr[]): Set<number> {
  return new Set(program.flatMap((i) => ("args" in i ? (i.args as number[]) : [])));
}

/** Every instruction list of the program: step, emit, filter and the label programs. */
export function programsOf(p: IrProgram): IrInstr[][] {
  return [
    p.step,
    p.emit,
    p.filter?.program ?? [],
    p.labels?.now ?? [],
    p.labels?.program ?? [],
    ...(p.labels?.futures.map((f) => f.program) ?? []),
  ];
}

/**
 * The lines of one program, each instruction spelled by `emit` with the program's types and the
 * ids later instructions use.
 */
export function programLines(
  program: IrInstr[],
  emit: (instr: IrInstr, types: Map<number, IrType>, used: ReadonlySet<number>) => string[],
): string[] {
  const types = new Map(program.map((i) => [i.id, i.type]));
  const used = usedIds(program);
  return program.flatMap((i) => emit(i, types, used));
}

/** How a column of this type is stored: durations are i64 columns. */
export type ColumnKind = "f64" | "bool" | "timestamp" | "i64";

export function columnKind(t: IrType): ColumnKind {
  return t.base === "f64" || t.base === "bool" || t.base === "timestamp" ? t.base : "i64";
}

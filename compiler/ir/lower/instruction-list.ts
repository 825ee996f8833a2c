// One SSA program (step or emit) under construction. Identical pure instructions are shared
// (hash-consing), which is also what makes two `prev(bid)` in a spec the same state input.

import type { IrInstr, IrOp, IrType } from "../types.js";

export class InstructionList {
  readonly instructions: IrInstr[] = [];
  private readonly idsByKey = new Map<string, number>();

  /** Appends the instruction, or returns the id of an identical one already in the list. */
  add(op: IrOp, type: IrType): number {
    const key = JSON.stringify([op, type.base, type.nullable]);
    const existing = this.idsByKey.get(key);
    if (existing !== undefined) return existing;
    const id = this.instructions.length;
    this.instructions.push({ ...op, id, type } as IrInstr);
    // `state.update` has an effect and happens once per state; the caller guarantees that.
    if (op.op !== "state.update") this.idsByKey.set(key, id);
    return id;
  }

  typeOf(id: number): IrType {
    return this.instructions[id].type;
  }
}

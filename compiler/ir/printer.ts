// The readable text form of the IR, for golden tests and `featc explain`.
import type { IrInstr, IrProgram, IrType } from "./types.js";

export function formatType(t: IrType): string {
  return t.nullable ? `${t.base}?` : t.base;
}

function attrs(instr: IrInstr): string {
  switch (instr.op) {
    case "const":
      return typeof instr.value === "string" ? instr.value : JSON.stringify(instr.value);
    case "book.price":
    case "book.size":
    case "book.count":
      return `${instr.side} level ${instr.level}`;
    case "book.depth":
      return `${instr.side} levels ${instr.levels}`;
    case "book.levels":
      return instr.side;
    case "state.update":
    case "state.read":
      return `#${instr.state}`;
    case "label.now":
    case "label.future":
      return `$${instr.slot}`;
    default:
      return "";
  }
}

export function formatInstr(instr: IrInstr): string {
  const args = "args" in instr ? (instr.args as number[]).map((a) => `%${a}`) : [];
  const parts = [attrs(instr), ...args].filter((p) => p !== "");
  return `%${instr.id} = ${instr.op}${parts.length ? " " + parts.join(", ") : ""} : ${formatType(instr.type)}`;
}

export function printProgram(p: IrProgram): string {
  const out: string[] = [];
  out.push(`dataset ${p.name}  (ir v${p.irVersion}, from ${p.source})`);
  const t = p.trigger;
  const conds = [
    t.everyEvent ? "event" : "",
    t.trade ? "trade" : "",
    t.everyEvents > 0 ? `every ${t.everyEvents} events` : "",
    t.barNs !== "0" ? `every ${t.barNs}ns` : "",
    t.bookChange !== undefined ? `book_change(${t.bookChange})` : "",
    t.everyVolume !== undefined ? `every ${t.everyVolume} volume` : "",
  ].filter(Boolean);
  out.push(`trigger ${conds.join(" or ")}${p.filter ? ` when %${p.filter.value}` : ""}`);
  out.push("states:");
  for (const s of p.states) {
    const attributes = [
      "alpha" in s ? `alpha ${s.alpha}` : "",
      "halfLifeNs" in s ? `half_life ${s.halfLifeNs}ns` : "",
      "windowNs" in s && s.windowNs !== undefined ? `window ${s.windowNs}ns` : "",
      "capacity" in s ? `capacity ${s.capacity}` : "",
      "q" in s ? `q ${s.q}` : "",
    ].filter(Boolean);
    const withAttributes = attributes.length ? ` [${attributes.join(", ")}]` : "";
    out.push(
      `  #${s.id} ${s.kind}${withAttributes} : ${formatType(s.inputType)} -> ${formatType(s.type)}${s.resetOnEmit ? " (reset on emit)" : ""}  // ${s.label}`,
    );
  }
  out.push("step:");
  for (const i of p.step) out.push(`  ${formatInstr(i)}`);
  out.push("emit:");
  for (const i of p.emit) out.push(`  ${formatInstr(i)}`);
  if (p.filter) {
    out.push("filter:");
    for (const i of p.filter.program) out.push(`  ${formatInstr(i)}`);
  }
  out.push("columns:");
  for (const c of p.columns) out.push(`  ${c.name} : ${formatType(c.type)} = %${c.value}`);
  if (p.labels) {
    out.push("label now:");
    for (const i of p.labels.now) out.push(`  ${formatInstr(i)}`);
    p.labels.nowValues.forEach((v, slot) => out.push(`  $${slot} = %${v.value} : ${formatType(v.type)}`));
    for (const f of p.labels.futures) {
      out.push(`future $${f.slot} after ${f.horizonNs}ns : ${formatType(f.type)} = %${f.value}  // ${f.label}`);
      for (const i of f.program) out.push(`  ${formatInstr(i)}`);
    }
    out.push("label:");
    for (const i of p.labels.program) out.push(`  ${formatInstr(i)}`);
    out.push("labels:");
    for (const c of p.labels.columns)
      out.push(
        `  ${c.name} : ${formatType(c.type)} = %${c.value}  (futures ${c.futures.map((f) => `$${f}`).join(", ")})`,
      );
  }
  return out.join("\n") + "\n";
}

// What the language reference (docs/language.md, shipped with the package) says of a field or a
// trigger condition, for hovers and completions: its tables are the one place the fields of
// `book`, `event`, `trade`, `flow`, `row` and `quality` and the trigger conditions are described,
// so they are read from there rather than described again here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../build/packageRoot.js";

/** The reference's tables of expressions (section 5) and of trigger conditions (section 8), by the first column's header. */
let tables: { expression: Map<string, string>; condition: Map<string, string> } | undefined;

/** `book.bid.level(2).price` and `book.bid.level(n).price` are one entry. */
export function referenceKey(expression: string): string {
  return expression.replace(/\s+/g, " ").replace(/\(([^()]*)\)/g, "(n)");
}

/** The reference's description of a field such as `book.ask.depth(5)`. */
export function fieldDoc(expression: string): string | undefined {
  tables ??= readTables();
  const key = referenceKey(expression);
  // The reference writes the bid side's entry for both sides where they are alike.
  return tables.expression.get(key) ?? tables.expression.get(key.replace(/^book\.ask\./, "book.bid."));
}

/** The reference's description of a trigger condition such as `every N events`. */
export function conditionDoc(condition: string): string | undefined {
  tables ??= readTables();
  return tables.condition.get(referenceKey(condition));
}

function readTables(): NonNullable<typeof tables> {
  const read = { expression: new Map<string, string>(), condition: new Map<string, string>() };
  let text: string;
  try {
    text = readFileSync(join(PACKAGE_ROOT, "docs", "language.md"), "utf8");
  } catch {
    return read;
  }
  let entries: Map<string, string> | undefined;
  let header: string[] | undefined;
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) {
      header = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.lastIndexOf("|"))
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
    if (!header) {
      header = cells;
      entries = cells[0] === "expression" ? read.expression : cells[0] === "condition" ? read.condition : undefined;
      continue;
    }
    if (!entries) continue;
    const described = cells
      .slice(1)
      .flatMap((cell, index) => {
        const name = header![index + 1] ?? "";
        // The type is the checker's to tell (compiler/check/fields.ts).
        if (name === "type") return [];
        return [name === "meaning" || name === "fires" ? cell : `${name} ${cell}`];
      })
      .join("; ");
    for (const expression of expressionsOf(cells[0])) {
      const key = referenceKey(expression);
      const known = entries.get(key);
      entries.set(key, known ? `${known}\n\n${described}` : described);
    }
  }
  return read;
}

/** `` `book.bid.level(n).price` / `.size` `` names two expressions: a leading `.` replaces the last part. */
function expressionsOf(cell: string): string[] {
  const out: string[] = [];
  for (const [, code] of cell.matchAll(/`([^`]+)`/g)) {
    const previous = out[out.length - 1];
    if (code.startsWith(".") && previous) out.push(previous.replace(/\.[^.]+$/, code));
    else out.push(code);
  }
  return out;
}

// The language reference's operator table is the table of built-ins (compiler/builtins/operators.ts);
// UPDATE_GOLDEN=1 rewrites the reference's table.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinNames, builtinOf } from "../../compiler/builtins/operators.js";
import { operatorTable, withOperatorTable } from "../../compiler/builtins/reference.js";

const referencePath = join(import.meta.dirname, "..", "..", "docs", "language.md");

describe("the reference's operator table", () => {
  it("is the table of built-ins", () => {
    const reference = readFileSync(referencePath, "utf8");
    const expected = withOperatorTable(reference);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(referencePath, expected);
    expect(process.env.UPDATE_GOLDEN === "1" ? expected : reference).toBe(expected);
  });

  it("has a row for every temporal operator, and every built-in is named in the reference", () => {
    const reference = readFileSync(referencePath, "utf8");
    const temporal = builtinNames.filter((name) => builtinOf(name).kind === "temporal");
    for (const name of temporal) expect(operatorTable()).toContain(`\`${name}(`);
    for (const name of builtinNames) expect(reference, name).toContain(`\`${name}(`);
  });
});

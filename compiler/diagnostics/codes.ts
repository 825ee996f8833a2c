// Every diagnostic code with a one-line title; `featc explain-error` lists and explains them.
// Codes are never reused: a retired code keeps its row.

export const diagnosticCodes = {
  E0001: "syntax error",
  E0002: "unexpected character",
  E0003: "operator applied to values of the wrong type",
  E0004: "i64 and f64 mixed without a conversion",
  E0005: "`if` branches have different types",
  E0006: "condition is not a bool",
  E0007: "function result does not match its declared return type",
  E0008: "argument has the wrong type",
  E0009: "wrong number of arguments",
  E0010: "unknown named argument",
  E0011: "argument given twice",
  E0012: "unknown name",
  E0013: "unknown function",
  E0014: "unknown field",
  E0015: "name defined twice",
  E0016: "book level or depth is not a constant",
  E0017: "book level or depth out of range",
  E0018: "recursive function",
  E0019: "unknown trigger condition",
  E0020: "invalid trigger period or count",
  E0021: "dataset needs exactly one trigger",
  E0022: "unknown type",
  E0023: "dataset not found or not chosen",
  E0024: "import cannot be read",
  E0025: "type of `null` cannot be inferred",
  E0026: "number literal out of range",
  E0027: "not a value",
  E0028: "conflicting trigger conditions",
  E0029: "dataset has no columns",
  E0030: "duration literal is not a whole number of nanoseconds",
  E0031: "temporal operator argument is not a constant",
  E0032: "temporal operator window, span or capacity out of range",
  E0033: "`match` does not cover every value or has an unreachable arm",
  E0034: "unknown, repeated or misplaced `match` pattern",
  E0035: "`match` arms have different types",
  E0036: "`future` outside a label",
  E0037: "label in a spec compiled for the online path",
  E0038: "`row.*` read where no row is being emitted",
  E0039: "since-the-last-row `quality.*` field read where no row is being emitted",
  E0040: "import outside the project and the standard library",
  E0041: "file is not a regular `.feat` file",
  E0042: "spec file too large",
  E0043: "expression nested too deeply",
  E0044: "inlining the calls expands beyond the budget",
  W0001: "unused `let` binding",
  W0002: "divisor can be zero without a guard",
  W0003: "rolling time window shorter than the trigger period",
  W0004: "since-emit accumulator under a trigger that fires at every event",
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;

export function diagnosticTitle(code: DiagnosticCode): string {
  return diagnosticCodes[code];
}

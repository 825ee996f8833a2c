// Types as the checker sees them (docs/language.md section 3): the IR's types plus two that
// never leave the checker — the type of a bare `null`, settled by its context, and the type
// of an expression that already has an error, which silences follow-up errors.

import type { BaseType, IrType } from "../ir/types.js";

export type CheckType = IrType | { base: "null"; nullable: true } | { base: "error"; nullable: true };

export const errorType: CheckType = { base: "error", nullable: true };
export const nullType: CheckType = { base: "null", nullable: true };

export const baseTypeNames: readonly BaseType[] = ["f64", "i64", "bool", "timestamp", "duration"];

/** Names people reach for from other languages, with the `.feat` spelling. */
export const typeAliases: Readonly<Record<string, BaseType>> = {
  float: "f64",
  double: "f64",
  number: "f64",
  float64: "f64",
  int: "i64",
  integer: "i64",
  long: "i64",
  int64: "i64",
  boolean: "bool",
  time: "timestamp",
  datetime: "timestamp",
};

export function type(base: BaseType, nullable = false): IrType {
  return { base, nullable };
}

export function isConcrete(t: CheckType): t is IrType {
  return t.base !== "null" && t.base !== "error";
}

export function isNumeric(t: CheckType): boolean {
  return t.base === "f64" || t.base === "i64";
}

export function showType(t: CheckType): string {
  if (t.base === "null") return "null";
  if (t.base === "error") return "{error}";
  return t.nullable ? `${t.base}?` : t.base;
}

export function nullable(t: IrType, isNullable = true): IrType {
  return { base: t.base, nullable: isNullable };
}

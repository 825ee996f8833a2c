// How a callable is shown: a user function from its declaration, a built-in from the table of
// built-ins (compiler/builtins/operators.ts), `level(n)` and `depth(n)` of a book side; for
// completions, hovers and signature help alike.

import type { FnDecl } from "../../grammar/syntax.js";
import {
  builtinOf,
  DEFAULT_TIME_WINDOW_CAPACITY,
  isBuiltin,
  type BuiltinParam,
  type TemporalBuiltin,
} from "../builtins/operators.js";
import { fieldDoc } from "./referenceDocs.js";

export interface ParamView {
  name: string;
  /** `depth: i64 = 5`. */
  label: string;
  optional: boolean;
}

export interface SignatureView {
  name: string;
  /** `imbalance(depth: i64 = 5) -> f64?`. */
  label: string;
  params: ParamView[];
  /** Markdown. */
  doc?: string;
}

function typeText(ref: { name: string; nullable: boolean }): string {
  return `${ref.name}${ref.nullable ? "?" : ""}`;
}

/** A user function's signature; `text` is the text of the file it is declared in (for its defaults). */
export function fnSignature(decl: FnDecl, text: string): SignatureView {
  const params = decl.params.map((param) => ({
    name: param.name,
    label: `${param.name}: ${typeText(param.type)}${param.default ? ` = ${text.slice(param.default.span.start, param.default.span.end)}` : ""}`,
    optional: param.default !== undefined,
  }));
  return {
    name: decl.name,
    label: `${decl.name}(${params.map((param) => param.label).join(", ")}) -> ${typeText(decl.returnType)}`,
    params,
    ...(decl.doc === undefined ? {} : { doc: decl.doc }),
  };
}

function builtinParam(param: BuiltinParam, index: number, entry: TemporalBuiltin): ParamView {
  const types = param.role === "input" ? param.accepts : Object.keys(param.types);
  const optional = index >= entry.required;
  const fallback = param.name === "max_events" ? ` = ${DEFAULT_TIME_WINDOW_CAPACITY}` : "";
  return { name: param.name, label: `${param.name}: ${types.join(" | ")}${fallback}`, optional };
}

function strip(text: string): string {
  return text.replace(/`/g, "");
}

/** A built-in function's signature, or undefined when `name` is none. */
export function builtinSignature(name: string): SignatureView | undefined {
  if (!isBuiltin(name)) return undefined;
  const entry = builtinOf(name);
  if (entry.kind === "temporal") {
    const params = entry.params.map((param, index) => builtinParam(param, index, entry));
    const exactlyOne = entry.exactlyOne ? `\n\nGive exactly one of \`${entry.exactlyOne.join("` and `")}\`.` : "";
    return {
      name,
      label: `${name}(${params.map((param) => param.label).join(", ")}) -> ${strip(entry.doc.type)}`,
      params,
      doc: `${entry.doc.meaning} (docs/language.md section 7).${exactlyOne}\n\n${entry.usage}`,
    };
  }
  const written = /\(([^)]*)\)/.exec(strip(entry.doc.written));
  const names = written && written[1] ? written[1].split(",").map((part) => part.trim()) : [];
  return {
    name,
    label: strip(entry.doc.written),
    params: names.map((param) => ({ name: param, label: param, optional: false })),
    doc: `${entry.doc.meaning} (docs/language.md section ${entry.doc.section}).\n\n${entry.usage}`,
  };
}

/** `level(n)` and `depth(n)` of `book.bid` / `book.ask`. */
export function sideFunctionSignature(side: string, name: string): SignatureView | undefined {
  if (name !== "level" && name !== "depth") return undefined;
  const doc = fieldDoc(name === "level" ? `book.${side}.level(n).price` : `book.${side}.depth(n)`);
  return {
    name,
    label: `book.${side}.${name}(n: i64)${name === "depth" ? " -> f64" : ""}`,
    params: [{ name: "n", label: "n: i64", optional: false }],
    doc: `${doc ?? ""}${name === "level" ? "\n\nRead `.price`, `.size` or `.count` of it." : ""}`.trim(),
  };
}

// Checks `fn` items (docs/language.md section 9): signatures first, so that any function may
// call any other regardless of order, then bodies against the declared return types.

import type { FnDecl, Span, TypeRef } from "../../grammar/syntax.js";
import type { IrType } from "../ir/types.js";
import {
  assignTo,
  checkExpr,
  conversionHint,
  reportUntypedNull,
  type Checked,
  type ExpressionContext,
  type FunctionSignature,
  type ScopeEntry,
  type SignatureParam,
} from "./expressions.js";
import { isBuiltin } from "../builtins/operators.js";
import type { Reporter } from "./reporter.js";
import { didYouMean } from "./suggest.js";
import type { TypedFunction, TypedLet } from "./typed.js";
import { baseTypeNames, isConcrete, showType, typeAliases } from "./types.js";

export interface SourceUnit {
  file: string;
  source: string;
}

export interface FnInFile extends SourceUnit {
  decl: FnDecl;
}

export function resolveTypeRef(ref: TypeRef, reporter: Reporter): IrType | undefined {
  const base = baseTypeNames.find((name) => name === ref.name);
  if (base) return { base, nullable: ref.nullable };
  const alias = typeAliases[ref.name];
  reporter.report({
    code: "E0022",
    message: `unknown type \`${ref.name}\``,
    primary: { span: ref.span, label: "not a type" },
    notes: [`the types are ${baseTypeNames.map((name) => `\`${name}\``).join(", ")}, each with a nullable \`T?\``],
    hint: alias ? `use \`${alias}${ref.nullable ? "?" : ""}\`` : didYouMean(ref.name, baseTypeNames),
  });
  return undefined;
}

/** Signatures of every function, keyed by name; duplicates are reported and the first kept. */
export function collectSignatures(fns: FnInFile[], reporter: Reporter): Map<string, FunctionSignature> {
  const signatures = new Map<string, FunctionSignature>();
  const firstDefinition = new Map<string, { span: Span; file?: string }>();
  const emptyScope = () => new Map<string, ScopeEntry>();
  for (const fn of fns) {
    const { decl } = fn;
    reporter.file = fn.file;
    if (isBuiltin(decl.name)) {
      reporter.report({
        code: "E0015",
        message: `\`${decl.name}\` is a built-in function and cannot be redefined`,
        primary: { span: decl.nameSpan, label: "redefined here" },
        hint: "choose another name",
      });
      continue;
    }
    const twice = `function \`${decl.name}\` is defined twice`;
    if (reporter.definedTwice(decl, firstDefinition, twice, { file: fn.file })) continue;
    const params: SignatureParam[] = [];
    const seen = new Map<string, { span: Span }>();
    let ok = true;
    for (const param of decl.params) {
      if (reporter.definedTwice(param, seen, `parameter \`${param.name}\` is declared twice`, { verb: "declared" })) {
        ok = false;
        continue;
      }
      const paramType = resolveTypeRef(param.type, reporter);
      if (!paramType) {
        ok = false;
        continue;
      }
      let defaultValue: Checked | undefined;
      if (param.default) {
        // A default is evaluated where the call is, so it may not use the other parameters.
        const ctx: ExpressionContext = { reporter, source: fn.source, functions: signatures, scope: emptyScope() };
        const checked = checkExpr(param.default, ctx);
        defaultValue = assignTo(checked, paramType);
        if (!defaultValue) {
          reporter.report({
            code: "E0008",
            message: `default of \`${param.name}\` must be \`${showType(paramType)}\`, found \`${showType(checked.type)}\``,
            primary: { span: checked.expr.span, label: `this is \`${showType(checked.type)}\`` },
            secondary: [{ span: param.type.span, label: `\`${param.name}\` is declared \`${showType(paramType)}\`` }],
            hint: conversionHint(checked, paramType, ctx),
          });
          ok = false;
          continue;
        }
      }
      params.push({
        name: param.name,
        type: paramType,
        span: param.nameSpan,
        ...(defaultValue ? { default: defaultValue.expr } : {}),
      });
    }
    const returnType = resolveTypeRef(decl.returnType, reporter);
    if (!ok || !returnType) continue;
    signatures.set(decl.name, { name: decl.name, params, returnType, nameSpan: decl.nameSpan, file: fn.file });
  }
  return signatures;
}

/** Type checks one function body against its signature. */
export function checkFunctionBody(
  fn: FnInFile,
  signature: FunctionSignature,
  signatures: ReadonlyMap<string, FunctionSignature>,
  reporter: Reporter,
): TypedFunction | undefined {
  const { decl } = fn;
  reporter.file = fn.file;
  const errorsBefore = reporter.errorCount;
  const scope = new Map<string, ScopeEntry>();
  for (const param of signature.params)
    scope.set(param.name, { kind: "param", type: param.type, span: param.span, used: true });
  // `future` may be written in a body; whether the function may be called is decided at each call (section 10).
  const ctx: ExpressionContext = { reporter, source: fn.source, functions: signatures, scope, future: "label" };
  const lets: TypedLet[] = [];
  const letEntries: [string, ScopeEntry, Span][] = [];
  for (const binding of decl.lets) {
    const value = checkExpr(binding.value, ctx);
    const existing = scope.get(binding.name);
    if (existing) {
      reporter.report({
        code: "E0015",
        message: `\`${binding.name}\` is already ${existing.kind === "param" ? "a parameter" : "defined"} in \`${decl.name}\``,
        primary: { span: binding.nameSpan, label: "defined again here" },
        secondary: [{ span: existing.span, label: "first defined here" }],
        hint: "choose another name",
      });
      continue;
    }
    let valueType = value.type;
    if (valueType.base === "null") {
      reportUntypedNull(value.expr.span, ctx);
      valueType = { base: "error", nullable: true };
    }
    const entry: ScopeEntry = { kind: "let", type: valueType, span: binding.nameSpan, used: false };
    scope.set(binding.name, entry);
    letEntries.push([binding.name, entry, binding.nameSpan]);
    lets.push({ name: binding.name, value: value.expr, span: binding.span });
  }
  const result = checkExpr(decl.result, ctx);
  const returned = assignTo(result, signature.returnType);
  if (!returned) {
    reporter.report({
      code: "E0007",
      message: `\`${decl.name}\` is declared to return \`${showType(signature.returnType)}\` but gives \`${showType(result.type)}\``,
      primary: { span: result.expr.span, label: `this is \`${showType(result.type)}\`` },
      secondary: [{ span: decl.returnType.span, label: `declared \`${showType(signature.returnType)}\` here` }],
      hint:
        result.type.base === signature.returnType.base && result.type.nullable
          ? `declare \`-> ${signature.returnType.base}?\`, or give a value for null with \`?? 0\``
          : conversionHint(result, signature.returnType, ctx),
    });
  }
  for (const [name, entry, span] of letEntries) {
    if (entry.used) continue;
    reporter.report({
      code: "W0001",
      message: `\`${name}\` is never used`,
      primary: { span, label: "defined here" },
      hint: "remove it, or use it in the result",
    });
  }
  if (!returned || !isConcrete(returned.type) || reporter.errorCount > errorsBefore) return undefined;
  return {
    name: decl.name,
    params: signature.params.map(({ name, type, span }) => ({ name, type, span })),
    lets,
    result: returned.expr,
    returnType: signature.returnType,
    ...(decl.doc === undefined ? {} : { doc: decl.doc }),
    span: decl.span,
    file: fn.file,
  };
}

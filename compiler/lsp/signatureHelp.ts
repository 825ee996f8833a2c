// Signature help inside a call: the function's parameters with the one being written marked,
// by position or by name (`imbalance(depth = `).
import type { SignatureHelp } from "vscode-languageserver";
import type { FnDecl } from "../../grammar/syntax.js";
import type { Analysis } from "./analysis.js";
import { callAt } from "./callContext.js";
import { builtinSignature, fnSignature, sideFunctionSignature, type SignatureView } from "./signatures.js";
import { stdFunctions } from "./stdLibrary.js";

function signatureOf(
  callee: string,
  owner: string | undefined,
  analysis: Analysis | undefined,
): SignatureView | undefined {
  if (owner) {
    const side = /^book\.(bid|ask)$/.exec(owner.replace(/\s+/g, ""));
    return side ? sideFunctionSignature(side[1], callee) : undefined;
  }
  for (const file of analysis?.files.values() ?? []) {
    const decl = file.tree?.items.find((item): item is FnDecl => item.kind === "fn" && item.name === callee);
    if (decl) return fnSignature(decl, file.text);
  }
  const builtin = builtinSignature(callee);
  if (builtin) return builtin;
  const std = stdFunctions().get(callee);
  return std && fnSignature(std.decl, std.text);
}

export function signatureHelp(analysis: Analysis | undefined, text: string, offset: number): SignatureHelp | undefined {
  const call = callAt(text, offset);
  if (!call) return undefined;
  const signature = signatureOf(call.callee, call.owner, analysis);
  if (!signature) return undefined;
  const named = call.name === undefined ? -1 : signature.params.findIndex((param) => param.name === call.name);
  const active = call.name === undefined ? call.index : named;
  return {
    signatures: [
      {
        label: signature.label,
        ...(signature.doc ? { documentation: { kind: "markdown", value: signature.doc } } : {}),
        parameters: signature.params.map((param) => ({ label: param.label })),
      },
    ],
    activeSignature: 0,
    activeParameter: active >= 0 && active < signature.params.length ? active : signature.params.length,
  };
}

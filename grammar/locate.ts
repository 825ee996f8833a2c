// Which syntax nodes are at a position of a file: the index editors and tools need (the
// language server's hover, completion, definitions) and diagnostics could use. Syntax only:
// what a name means is the checker's (compiler/check/observer.ts).

import { subexpressions } from "./limits.js";
import type {
  Argument,
  ColumnDecl,
  DatasetDecl,
  Expr,
  FnDecl,
  ImportDecl,
  Item,
  LetBinding,
  Param,
  SourceFile,
  Span,
  TriggerDecl,
} from "./syntax.js";

/** The part of an item a position is in. */
export type ItemPart =
  | { kind: "import"; item: ImportDecl }
  | { kind: "fnName"; item: FnDecl }
  | { kind: "param"; item: FnDecl; param: Param }
  | { kind: "returnType"; item: FnDecl }
  | { kind: "let"; item: FnDecl; binding: LetBinding }
  | { kind: "result"; item: FnDecl }
  | { kind: "datasetName"; item: DatasetDecl }
  | { kind: "trigger"; item: DatasetDecl; trigger: TriggerDecl }
  | { kind: "column"; item: DatasetDecl; column: ColumnDecl; label: boolean }
  | { kind: "item"; item: Item };

export interface Located {
  part?: ItemPart;
  /** The expressions around the position, outermost first. */
  exprs: Expr[];
  /** The call argument written with a name (`depth = 5`) whose name is at the position. */
  namedArgument?: { call: Extract<Expr, { kind: "call" }>; argument: Argument };
}

/** Whether `offset` is inside `span`, its end included (a cursor just after a name is on it). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The item of `tree` whose text holds `offset`. */
export function itemAt(tree: SourceFile, offset: number): Item | undefined {
  return tree.items.find((item) => touches(item.span, offset));
}

/** The nodes at `offset` of `tree` (see `Located`). */
export function locate(tree: SourceFile, offset: number): Located {
  const item = itemAt(tree, offset);
  if (!item) return { exprs: [] };
  if (item.kind === "import") return { part: { kind: "import", item }, exprs: [] };
  if (item.kind === "fn") {
    if (touches(item.nameSpan, offset)) return { part: { kind: "fnName", item }, exprs: [] };
    for (const param of item.params) {
      if (!touches(param.span, offset)) continue;
      return {
        part: { kind: "param", item, param },
        ...(param.default ? within(param.default, offset) : { exprs: [] }),
      };
    }
    if (touches(item.returnType.span, offset)) return { part: { kind: "returnType", item }, exprs: [] };
    for (const binding of item.lets) {
      if (touches(binding.span, offset))
        return { part: { kind: "let", item, binding }, ...within(binding.value, offset) };
    }
    if (touches(item.result.span, offset)) return { part: { kind: "result", item }, ...within(item.result, offset) };
    return { part: { kind: "item", item }, exprs: [] };
  }
  if (touches(item.nameSpan, offset)) return { part: { kind: "datasetName", item }, exprs: [] };
  for (const trigger of item.triggers) {
    if (!touches(trigger.span, offset)) continue;
    const found =
      trigger.filter && touches(trigger.filter.span, offset) ? within(trigger.filter, offset) : { exprs: [] };
    return { part: { kind: "trigger", item, trigger }, ...found };
  }
  for (const [columns, label] of [
    [item.columns, false],
    [item.labels ?? [], true],
  ] as const) {
    for (const column of columns) {
      if (touches(column.span, offset))
        return { part: { kind: "column", item, column, label }, ...within(column.value, offset) };
    }
  }
  return { part: { kind: "item", item }, exprs: [] };
}

/** The chain of expressions from `root` down to the innermost one at `offset`, without recursion. */
function within(root: Expr, offset: number): Pick<Located, "exprs" | "namedArgument"> {
  const exprs: Expr[] = [];
  let namedArgument: Located["namedArgument"];
  let current: Expr | undefined = touches(root.span, offset) ? root : undefined;
  while (current) {
    exprs.push(current);
    if (current.kind === "call") {
      const named = current.args.find((arg) => arg.nameSpan && touches(arg.nameSpan, offset));
      if (named) namedArgument = { call: current, argument: named };
    }
    // The innermost child wins; of two touching children (`a+b` at the `+`), the later.
    const children: Expr[] = subexpressions(current).filter((child) => touches(child.span, offset));
    current = children[children.length - 1];
  }
  return namedArgument ? { exprs, namedArgument } : { exprs };
}

/** Every expression of `tree`, each with the item it belongs to, parents before children. */
export function allExpressions(tree: SourceFile): { expr: Expr; item: Item }[] {
  const out: { expr: Expr; item: Item }[] = [];
  for (const item of tree.items) {
    const roots: Expr[] = [];
    if (item.kind === "fn") {
      for (const param of item.params) if (param.default) roots.push(param.default);
      for (const binding of item.lets) roots.push(binding.value);
      roots.push(item.result);
    } else if (item.kind === "dataset") {
      for (const trigger of item.triggers) if (trigger.filter) roots.push(trigger.filter);
      for (const column of [...item.columns, ...(item.labels ?? [])]) roots.push(column.value);
    }
    const stack = roots.reverse();
    while (stack.length > 0) {
      const expr = stack.pop()!;
      out.push({ expr, item });
      const children = subexpressions(expr);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return out;
}

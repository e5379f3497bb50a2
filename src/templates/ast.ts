/**
 * @module
 * Narrowing helpers over the @handlebars/parser AST, whose node types all share `type: string`.
 */
import type { AST } from "@handlebars/parser";

export type { AST };

export function isPath(node: AST.Node): node is AST.PathExpression {
  return node.type === "PathExpression";
}

export function isSubExpression(node: AST.Node): node is AST.SubExpression {
  return node.type === "SubExpression";
}

/** The parser marks `this.x`, `./x` and `this` with a `this` flag its types do not declare. */
export function isScoped(path: AST.PathExpression): boolean {
  return (path as { this?: unknown }).this === true || /^(this|\.)(\/|\.|$)/.test(path.original);
}

/** The name when the path could be a helper call: one plain segment, no `@`, `this` or `../`. */
export function simpleName(path: AST.Node): string | undefined {
  if (!isPath(path) || path.data || path.depth > 0 || isScoped(path)) return undefined;
  const [head, ...rest] = path.parts;
  return typeof head === "string" && rest.length === 0 ? head : undefined;
}

/** Literal value of a literal node, or `none` for anything evaluated at serve time. */
export function literalValue<T>(node: AST.Node, none: T): unknown {
  switch (node.type) {
    case "StringLiteral":
    case "NumberLiteral":
    case "BooleanLiteral":
      return (node as AST.StringLiteral | AST.NumberLiteral | AST.BooleanLiteral).value;
    case "NullLiteral":
      return null;
    case "UndefinedLiteral":
      return undefined;
    default:
      return none;
  }
}

/** 1-based position of a node (the parser's columns are 0-based). */
export function position(node: AST.Node | undefined): { line: number; column: number } {
  const start = node?.loc?.start;
  return start ? { line: start.line, column: start.column + 1 } : { line: 1, column: 1 };
}

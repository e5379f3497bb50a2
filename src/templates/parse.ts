/**
 * @module
 * Parsing and save-time checks. Handlebars' own compiler builds JavaScript with `new Function`,
 * which Workers forbid, so we keep only its parser and interpret the AST in render.ts.
 */
import { parse } from "@handlebars/parser";
import type { AST } from "./ast";
import { separateClosingBraces } from "./braces";
import { isPath, isSubExpression, literalValue, position, simpleName } from "./ast";
import { HelperMisuse, TemplateSyntaxError } from "./errors";
import { DYNAMIC } from "./helper-types";
import { HELPERS } from "./helpers";

export interface CompiledTemplate {
  readonly source: string;
}

/** The real compiled form; the AST stays out of the public type. */
export class Compiled implements CompiledTemplate {
  constructor(
    readonly source: string,
    readonly program: AST.Program,
  ) {}
}

/** True when the source has no mustaches at all (rendering it would return it unchanged). */
export function isStaticTemplate(source: string): boolean {
  return !source.includes("{{");
}

/** Parses and checks helper names and arity. Throws TemplateSyntaxError. */
export function compileTemplate(source: string): CompiledTemplate {
  let program: AST.Program;
  const prepared = separateClosingBraces(source);
  try {
    program = parse(prepared.text);
  } catch (err) {
    throw syntaxErrorFrom(err);
  }
  checkProgram(program);
  return new Compiled(source, program);
}

function fail(reason: string, node: AST.Node | undefined): never {
  const { line, column } = position(node);
  throw new TemplateSyntaxError(reason, line, column);
}

interface JisonHash {
  token?: string;
  text?: string;
  line?: number;
  expected?: string[];
  loc?: { last_line: number; last_column: number };
}

/** The parser throws jison parse errors (`hash`) and its own Exception (`lineNumber`). */
function syntaxErrorFrom(err: unknown): TemplateSyntaxError {
  const e = (typeof err === "object" && err !== null ? err : {}) as {
    message?: string;
    hash?: JisonHash;
    lineNumber?: number;
    column?: number;
  };
  if (e.hash !== undefined) {
    const { token, text, loc, expected = [] } = e.hash;
    const reason =
      token === "EOF"
        ? expected.includes("'OPEN_ENDBLOCK'")
          ? "Unexpected end of template: a block is not closed"
          : "Unexpected end of template"
        : text === "}}}"
          ? 'Unexpected "}}}": write "{{x}} }" when a JSON object ends right after a mustache'
          : `Unexpected ${JSON.stringify(text ?? token ?? "")}`;
    const line = loc?.last_line ?? (e.hash.line ?? 0) + 1;
    return new TemplateSyntaxError(reason, line, (loc?.last_column ?? 0) + 1);
  }
  const reason = (e.message ?? "Invalid template").replace(/ - \d+:\d+$/, "");
  if (typeof e.lineNumber === "number") {
    return new TemplateSyntaxError(reason, e.lineNumber, (e.column ?? 0) + 1);
  }
  const line = /line (\d+)/.exec(reason)?.[1];
  return new TemplateSyntaxError(reason.split("\n")[0] ?? reason, Number(line ?? 1), 1);
}

function checkProgram(program: AST.Program | undefined): void {
  for (const node of program?.body ?? []) checkStatement(node);
}

function checkStatement(node: AST.Node): void {
  switch (node.type) {
    case "ContentStatement":
    case "CommentStatement":
      return;
    case "MustacheStatement": {
      const m = node as AST.MustacheStatement;
      checkCall(m, m.path, m.params, m.hash, "inline");
      return;
    }
    case "BlockStatement": {
      const b = node as AST.BlockStatement;
      checkCall(b, b.path, b.params, b.hash, "block");
      checkProgram(b.program);
      checkProgram(b.inverse);
      return;
    }
    case "PartialStatement":
    case "PartialBlockStatement":
      return fail("Partials ({{> name}}) are not supported", node);
    case "Decorator":
    case "DecoratorBlock":
      return fail("Decorators and inline partials ({{* ...}}) are not supported", node);
    default:
      return fail(`Unsupported template construct ${node.type}`, node);
  }
}

function checkExpression(node: AST.Node): void {
  if (isSubExpression(node)) {
    checkCall(node, node.path, node.params, node.hash, "subexpression");
  } else if (isPath(node)) {
    for (const part of node.parts) if (typeof part !== "string") checkExpression(part);
  }
}

type CallSite = "inline" | "block" | "subexpression";

function checkCall(
  node: AST.Node,
  path: AST.Node,
  params: AST.Expression[],
  hash: AST.Hash | undefined,
  site: CallSite,
): void {
  checkExpression(path);
  for (const p of params) checkExpression(p);
  for (const pair of hash?.pairs ?? []) checkExpression(pair.value);
  const name = simpleName(path);
  const helper = name === undefined ? undefined : HELPERS.get(name);
  const hasArgs = params.length > 0 || (hash?.pairs.length ?? 0) > 0;
  if (helper === undefined) {
    // A bare `{{name}}` or `{{#name}}` reads data; anything called with arguments must be a helper.
    if (site === "subexpression" || hasArgs) {
      const label = isPath(path) ? path.original : "expression";
      fail(`Unknown helper "${label}"`, path);
    }
    return;
  }
  if (helper.kind === "block" && site !== "block") {
    fail(`"${name}" is a block helper: write {{#${name} ...}}...{{/${name}}}`, path);
  }
  if (helper.kind === "inline" && site === "block") {
    fail(`"${name}" is not a block helper: write {{${name} ...}}`, path);
  }
  if (params.length < helper.minArgs || params.length > helper.maxArgs) {
    const want =
      helper.minArgs === helper.maxArgs
        ? `${helper.minArgs}`
        : `${helper.minArgs} to ${helper.maxArgs}`;
    fail(`"${name}" takes ${want} argument(s), got ${params.length}`, path);
  }
  for (const pair of hash?.pairs ?? []) {
    const keys = helper.hashKeys;
    if (keys === undefined || (keys !== "any" && !keys.includes(pair.key))) {
      fail(`"${name}" has no option "${pair.key}"`, pair);
    }
  }
  try {
    helper.check?.(params.map((p) => literalValue(p, DYNAMIC)));
  } catch (err) {
    if (err instanceof HelperMisuse) fail(err.message, node);
    throw err;
  }
}

/**
 * @module
 * A small interpreter for the Handlebars AST. It counts every node it evaluates and every byte it
 * emits, so a template cannot hold the Worker for long or build an unbounded body (test 39).
 */
import type { AST } from "./ast";
import { isPath, isScoped, isSubExpression, literalValue, position, simpleName } from "./ast";
import { HelperMisuse, TemplateRenderError } from "./errors";
import { createFaker } from "./faker";
import type { BlockCall, BlockRun, Helper, HelperEnv } from "./helper-types";
import { HELPERS } from "./helpers";
import { iterate } from "./helpers-block";
import { uuidFromRandom } from "./helpers-data";
import type { CompiledTemplate } from "./parse";
import { Compiled, compileTemplate } from "./parse";
import type { RequestData, TemplateRequest } from "./request-data";
import { requestData } from "./request-data";
import { SafeString, escapeHtml, getOwn, isFalsy, toText, unwrap, utf8Length } from "./values";

export interface RenderOptions {
  /** Largest output in UTF-8 bytes; default 1 MiB. */
  maxOutputBytes?: number;
  /** Most AST nodes evaluated (loop iterations included); default 100 000. */
  maxSteps?: number;
  /** Random source in [0, 1) for uuid, randomInt, repeat ranges and faker. */
  random?: () => number;
  now?: () => Date;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
export const DEFAULT_MAX_STEPS = 100_000;

interface CtxNode {
  value(): unknown;
  readonly up: CtxNode | undefined;
}
interface Frame {
  readonly values: Readonly<Record<string, unknown>>;
  readonly up: Frame | undefined;
}
interface ParamsNode {
  readonly names: readonly string[];
  readonly values: readonly unknown[];
  readonly up: ParamsNode | undefined;
}
interface Scope {
  readonly ctx: CtxNode;
  readonly frame: Frame | undefined;
  readonly params: ParamsNode | undefined;
}

/** Renders; throws TemplateRenderError on work/size caps or helper misuse at serve time. */
export function renderTemplate(
  template: CompiledTemplate,
  request: TemplateRequest,
  options: RenderOptions = {},
): string {
  const compiled =
    template instanceof Compiled ? template : (compileTemplate(template.source) as Compiled);
  const renderer = new Renderer(requestData(request), options);
  try {
    return renderer.run(compiled.program);
  } catch (err) {
    // Deep nesting can exhaust the stack; that is the template's size, not a server fault.
    if (err instanceof RangeError) {
      throw new TemplateRenderError("Template is nested too deeply to render");
    }
    throw err;
  }
}

class Renderer {
  readonly #env: HelperEnv;
  readonly #data: RequestData;
  readonly #maxSteps: number;
  readonly #maxBytes: number;
  #steps = 0;
  #bytes = 0;

  constructor(data: RequestData, options: RenderOptions) {
    this.#data = data;
    this.#maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.#maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const random = options.random ?? Math.random;
    let faker: ReturnType<typeof createFaker> | undefined;
    this.#env = {
      data,
      maxOutputBytes: this.#maxBytes,
      random,
      now: options.now ?? (() => new Date()),
      uuid: () => (options.random ? uuidFromRandom(random) : crypto.randomUUID()),
      faker: () => (faker ??= createFaker(options.random, options.now)),
    };
  }

  run(program: AST.Program): string {
    const root: CtxNode = { value: () => this.#data.root(), up: undefined };
    const out = this.#program(program, { ctx: root, frame: undefined, params: undefined });
    if (utf8Length(out) > this.#maxBytes) this.#tooLarge();
    return out;
  }

  #tick(): void {
    if (++this.#steps > this.#maxSteps) {
      throw new TemplateRenderError(
        `Template rendering stopped after ${this.#maxSteps} steps (too many loop iterations?)`,
      );
    }
  }

  #tooLarge(): never {
    throw new TemplateRenderError(`Template output is larger than ${this.#maxBytes} bytes`);
  }

  #emit(text: string): string {
    this.#bytes += utf8Length(text);
    if (this.#bytes > this.#maxBytes) this.#tooLarge();
    return text;
  }

  #program(program: AST.Program | undefined, scope: Scope): string {
    let out = "";
    for (const node of program?.body ?? []) out += this.#statement(node, scope);
    return out;
  }

  #statement(node: AST.Node, scope: Scope): string {
    this.#tick();
    switch (node.type) {
      case "ContentStatement":
        return this.#emit((node as AST.ContentStatement).value);
      case "MustacheStatement": {
        const m = node as AST.MustacheStatement;
        const value = this.#invoke(m, m.path, m.params, m.hash, scope, undefined);
        const text = toText(value);
        return this.#emit(value instanceof SafeString || !m.escaped ? text : escapeHtml(text));
      }
      case "BlockStatement": {
        const b = node as AST.BlockStatement;
        return String(this.#invoke(b, b.path, b.params, b.hash, scope, b));
      }
      default:
        return ""; // comments; everything else was refused by compileTemplate
    }
  }

  /** A helper call when the name is a helper, otherwise a data lookup (or a section block). */
  #invoke(
    node: AST.Node,
    path: AST.Node,
    params: AST.Expression[],
    hash: AST.Hash | undefined,
    scope: Scope,
    block: AST.BlockStatement | undefined,
  ): unknown {
    const name = simpleName(path);
    const helper = name === undefined ? undefined : HELPERS.get(name);
    if (helper !== undefined && name !== undefined) {
      return this.#call(node, name, helper, params, hash, scope, block);
    }
    // A literal in the name position (`{{"a b"}}`) names a key, as in Handlebars.
    const value =
      path.type === "StringLiteral" || path.type === "NumberLiteral"
        ? getOwn(scope.ctx.value(), String(literalValue(path, "")))
        : this.#expr(path, scope);
    if (block === undefined) return value;
    // `{{#items}}...{{/items}}` sections behave as Handlebars' blockHelperMissing does.
    const call = this.#blockCall(node, "section", [], {}, scope, block);
    const v = unwrap(value);
    if (Array.isArray(v)) return iterate(call, v);
    if (isFalsy(v)) return call.inverse();
    return v === true ? call.fn() : call.fn({ ctx: { value: v } });
  }

  #call(
    node: AST.Node,
    name: string,
    helper: Helper,
    params: AST.Expression[],
    hash: AST.Hash | undefined,
    scope: Scope,
    block: AST.BlockStatement | undefined,
  ): unknown {
    const args = params.map((p) => this.#expr(p, scope));
    const options = Object.create(null) as Record<string, unknown>;
    for (const pair of hash?.pairs ?? []) options[pair.key] = this.#expr(pair.value, scope);
    try {
      if (helper.kind === "inline") {
        return helper.run({ name, params: args, hash: options, env: this.#env });
      }
      if (block === undefined) throw new HelperMisuse(`${name}: needs {{#${name}}}`);
      return helper.run(this.#blockCall(node, name, args, options, scope, block));
    } catch (err) {
      if (!(err instanceof HelperMisuse)) throw err;
      const { line, column } = position(node);
      throw new TemplateRenderError(`${err.message} (line ${line}, column ${column})`);
    }
  }

  #blockCall(
    node: AST.Node,
    name: string,
    params: readonly unknown[],
    hash: Readonly<Record<string, unknown>>,
    scope: Scope,
    block: AST.BlockStatement,
  ): BlockCall {
    return {
      name,
      params,
      hash,
      env: this.#env,
      fn: (run?: BlockRun) => {
        this.#tick();
        return this.#program(block.program, this.#child(scope, block.program, run));
      },
      inverse: () => this.#program(block.inverse, scope),
    };
  }

  #child(scope: Scope, program: AST.Program | undefined, run: BlockRun | undefined): Scope {
    const ctx = run?.ctx;
    const names = program?.blockParams ?? [];
    return {
      ctx: ctx === undefined ? scope.ctx : { value: () => ctx.value, up: scope.ctx },
      frame: run?.data === undefined ? scope.frame : { values: run.data, up: scope.frame },
      params:
        names.length === 0
          ? scope.params
          : { names, values: run?.blockParams ?? [], up: scope.params },
    };
  }

  #expr(node: AST.Node, scope: Scope): unknown {
    this.#tick();
    if (isSubExpression(node)) {
      return this.#invoke(node, node.path, node.params, node.hash, scope, undefined);
    }
    if (isPath(node)) return this.#path(node, scope);
    return literalValue(node, undefined);
  }

  #path(path: AST.PathExpression, scope: Scope): unknown {
    const [head, ...tail] = path.parts;
    let value: unknown;
    if (path.data) {
      value = this.#dataValue(typeof head === "string" ? head : "", path.depth, scope);
    } else if (head !== undefined && typeof head !== "string") {
      value = this.#expr(head, scope);
    } else if (path.depth > 0 || isScoped(path)) {
      let ctx: CtxNode | undefined = scope.ctx;
      for (let i = 0; i < path.depth && ctx; i++) ctx = ctx.up;
      value = head === undefined ? ctx?.value() : getOwn(ctx?.value(), head);
    } else {
      value = this.#named(head ?? "", scope);
    }
    return tail.reduce<unknown>(
      (v, part) => getOwn(v, typeof part === "string" ? part : ""),
      value,
    );
  }

  /** `name...`: block params first, then the current context, then the request data at root. */
  #named(head: string, scope: Scope): unknown {
    for (let p = scope.params; p; p = p.up) {
      const index = p.names.indexOf(head);
      if (index >= 0) return p.values[index];
    }
    const own = getOwn(scope.ctx.value(), head);
    return own !== undefined || scope.ctx.up === undefined ? own : getOwn(this.#data.root(), head);
  }

  #dataValue(name: string, depth: number, scope: Scope): unknown {
    if (name === "root") return this.#data.root();
    let frame = scope.frame;
    for (let i = 0; i < depth && frame; i++) frame = frame.up;
    for (; frame; frame = frame.up) {
      const value = getOwn(frame.values, name);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}

/**
 * @module
 * edgemock's template engine: Handlebars syntax (helper names follow Beeceptor's) interpreted
 * without `new Function`, reading only the incoming request.
 *
 * Body parsing happens at most once per TemplateRequest object: pass the same object when
 * rendering the status, headers and body templates of one response.
 */
export { TemplateRenderError, TemplateSyntaxError } from "./errors";
export type { CompiledTemplate } from "./parse";
export { compileTemplate, isStaticTemplate } from "./parse";
export type { RenderOptions } from "./render";
export { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MAX_STEPS, renderTemplate } from "./render";
export type { TemplateRequest } from "./request-data";
export { HELPER_NAMES } from "./helpers";
export { MAX_REPEAT } from "./helpers-block";

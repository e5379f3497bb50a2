/**
 * @module Compiles every template a rule carries at save time, so a syntax error or unknown
 * helper is a 422 naming the field and position instead of a failure while serving.
 */
import type { FieldError } from "../http/errors";
import { TemplateSyntaxError, compileTemplate } from "../templates";
import type { ResponseSpec, RuleInput } from "./schema";

export function checkTemplate(source: string | undefined, path: string, out: FieldError[]): void {
  if (source === undefined) return;
  try {
    compileTemplate(source);
  } catch (err) {
    if (!(err instanceof TemplateSyntaxError)) throw err;
    out.push({ path, message: `line ${err.line}, column ${err.column}: ${err.message}` });
  }
}

export function checkResponseTemplates(
  response: ResponseSpec | undefined,
  path: string,
  out: FieldError[],
): void {
  if (!response) return;
  checkTemplate(response.body, `${path}.body`, out);
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    checkTemplate(value, `${path}.headers.${name}`, out);
  }
}

export function ruleTemplateErrors(rule: RuleInput): FieldError[] {
  const out: FieldError[] = [];
  checkResponseTemplates(rule.response, "response", out);
  rule.responses?.forEach((r, i) => checkResponseTemplates(r, `responses.${i}`, out));
  const request = rule.callout?.request;
  if (request) {
    checkTemplate(request.url, "callout.request.url", out);
    checkTemplate(request.body, "callout.request.body", out);
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      checkTemplate(value, `callout.request.headers.${name}`, out);
    }
  }
  return out;
}

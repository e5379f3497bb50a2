/**
 * @module Renders a rule's callout request (url, headers, body) from the incoming request, with
 * the endpoint's compiled-template cache. Both modes render the same way.
 */
import type { EndpointConfig } from "../mock/config";
import { templateOf } from "../mock/config";
import type { Callout } from "../rules/schema";
import { isStaticTemplate, renderTemplate, type TemplateRequest } from "../templates";

export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Null when the rule has no body or the method cannot carry one (RFC 9110 §9.3.1, §9.3.2). */
  body: string | null;
}

/** Throws TemplateRenderError when a template fails at render time. */
export function renderCalloutRequest(
  config: EndpointConfig,
  callout: Callout,
  treq: TemplateRequest,
): RenderedRequest {
  const render = (source: string): string =>
    isStaticTemplate(source) ? source : renderTemplate(templateOf(config, source), treq);
  const { method, url, headers, body } = callout.request;
  const rendered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    rendered[name.toLowerCase()] = render(value);
  }
  return {
    method,
    url: render(url).trim(),
    headers: rendered,
    body: body === undefined || !methodHasBody(method) ? null : render(body),
  };
}

/** `fetch` refuses a body on GET and HEAD; rules are refused at save for the same reason. */
export function methodHasBody(method: string): boolean {
  return method !== "GET" && method !== "HEAD";
}

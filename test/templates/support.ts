import type { RenderOptions, TemplateRequest } from "../../src/templates";
import { compileTemplate, renderTemplate } from "../../src/templates";

export function makeRequest(
  over: Partial<Omit<TemplateRequest, "headers" | "query">> & {
    headers?: Record<string, string>;
    query?: string;
  } = {},
): TemplateRequest {
  return {
    method: over.method ?? "GET",
    path: over.path ?? "/orders/42",
    query: new URLSearchParams(over.query ?? ""),
    headers: new Headers(over.headers ?? {}),
    body: over.body ?? "",
    pathParams: over.pathParams ?? {},
  };
}

/** A fixed clock and a fixed random source, so outputs are exact. */
export const FIXED: RenderOptions = {
  now: () => new Date("2024-05-01T12:00:00.000Z"),
  random: () => 0.5,
};

export function render(
  source: string,
  request: TemplateRequest = makeRequest(),
  options: RenderOptions = FIXED,
): string {
  return renderTemplate(compileTemplate(source), request, options);
}

export function jsonRequest(body: unknown): TemplateRequest {
  return makeRequest({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

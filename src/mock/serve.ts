/**
 * @module Serves a mock hit end to end: resolve, load config, match, render, respond; then
 * (after the response, in waitUntil) record the hit and start any async callout.
 */
import { newSortableId } from "../db/ids";
import { MOCK_MAX_BODY_BYTES, readTextCapped } from "../http/body";
import { AppError, notFound, problemResponse } from "../http/errors";
import { log } from "../http/log";
import { matchRequest } from "../rules/match";
import { pickResponse } from "../rules/pick";
import type { ResponseSpec, Rule } from "../rules/schema";
import {
  TemplateRenderError,
  isStaticTemplate,
  renderTemplate,
  type TemplateRequest,
} from "../templates";
import { afterMockResponse, type MockHit } from "./after";
import { loadEndpointConfig, templateOf, type EndpointConfig } from "./config";
import { addCors, isPreflight, preflightResponse } from "./cors";
import type { MockTarget } from "./resolve";
import { serveSyncCallout } from "../callouts/sync";

/** HTTP status edgemock uses when a template fails at serve time (API.md "Templates"). */
export const TEMPLATE_FAILURE_STATUS = 561;

export async function serveMock(
  req: Request,
  target: MockTarget,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> {
  const started = Date.now();
  const url = new URL(req.url);
  const requestId = newSortableId("req");
  const treq: TemplateRequest = {
    method: req.method,
    path: target.path,
    query: url.searchParams,
    headers: req.headers,
    body: "",
    pathParams: {},
  };
  let config: EndpointConfig | null = null;
  let rule: Rule | null = null;
  let response: Response;
  try {
    config = await loadEndpointConfig(env.DB, target.name);
    if (!config) throw notFound(`The mock endpoint "${target.name}"`);
    treq.body = await readTextCapped(req, MOCK_MAX_BODY_BYTES);
    const contentType = req.headers.get("content-type");
    const match = matchRequest(config.matcher, { ...treq, contentType });
    rule = match?.rule ?? null;
    if (match) treq.pathParams = match.pathParams;
    if (!rule && isPreflight(req)) {
      response = preflightResponse(req);
    } else if (rule?.callout?.mode === "sync") {
      response = await serveSyncCallout({ env, ctx, config, rule, treq, requestId });
    } else {
      response = await renderMockResponse(config, chooseResponse(config, rule), treq, req);
    }
  } catch (err) {
    response = errorResponse(err, target);
  }
  // Problems and relayed callout answers get CORS too, unless they already carry it.
  if (!response.headers.has("access-control-allow-origin") && response.status !== 101) {
    response = new Response(response.body, response);
    addCors(response.headers, req);
  }
  if (config) {
    const hit: MockHit = {
      requestId,
      config,
      rule,
      req,
      url,
      treq,
      started,
      status: response.status,
      durationMs: Date.now() - started,
    };
    ctx.waitUntil(afterMockResponse(env, hit));
  }
  return response;
}

function chooseResponse(config: EndpointConfig, rule: Rule | null): ResponseSpec {
  if (!rule) return config.defaultResponse;
  if (rule.responses && rule.responses.length > 0) return pickResponse(rule.responses);
  return rule.response ?? config.defaultResponse;
}

async function renderMockResponse(
  config: EndpointConfig,
  spec: ResponseSpec,
  treq: TemplateRequest,
  req: Request,
): Promise<Response> {
  const render = (source: string): string =>
    isStaticTemplate(source) ? source : renderTemplate(templateOf(config, source), treq);
  const headers = new Headers();
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers.set(name, render(value));
  // CORS here rather than by re-wrapping the finished response: one Response per hit, not two.
  addCors(headers, req);
  const text = spec.body === undefined ? null : render(spec.body);
  if (spec.delayMs) await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
  const noBody = spec.status === 204 || spec.status === 304 || spec.status < 200;
  return new Response(noBody ? null : text, { status: spec.status, headers });
}

function errorResponse(err: unknown, target: MockTarget): Response {
  if (err instanceof AppError) return problemResponse(err);
  if (err instanceof TemplateRenderError) {
    return problemResponse(
      new AppError("template_render_failed", TEMPLATE_FAILURE_STATUS, err.message),
    );
  }
  log("error", "mock hit failed", { endpoint: target.name, error: String(err) });
  return problemResponse(new AppError("internal", 500, "The mock could not be served"));
}

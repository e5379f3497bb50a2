/**
 * @module Composes the Worker's HTTP surface: the management API under /api/v1, the admin page
 * and the error envelope. Mock traffic is routed before this app (see index.ts).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { accountRoutes } from "./accounts/routes";
import { connectionRoutes } from "./connections/routes";
import { endpointRoutes } from "./endpoints/routes";
import type { AppEnv } from "./env";
import { MANAGEMENT_MAX_BODY_BYTES, readTextCapped } from "./http/body";
import { AppError, problemResponse } from "./http/errors";
import { log } from "./http/log";
import { allowedMethods } from "./http/methods";
import { newRouter } from "./http/router";
import { historyRoutes } from "./logs/routes";
import { ruleRoutes } from "./rules/routes";

const api = newRouter();

// Reads every management body under the cap before any validator sees it; Hono's validators
// then parse the cached text instead of the stream.
api.use("*", async (c, next) => {
  if (c.req.raw.body) {
    const text = await readTextCapped(c.req.raw, MANAGEMENT_MAX_BODY_BYTES);
    // Hono keeps promises in bodyCache at runtime although its type says string.
    (c.req.bodyCache as unknown as { text: Promise<string> }).text = Promise.resolve(text);
  }
  await next();
});

api.route("/", accountRoutes);
api.route("/", endpointRoutes);
api.route("/", ruleRoutes);
api.route("/", connectionRoutes);
api.route("/", historyRoutes);

api.doc31("/openapi.json", {
  openapi: "3.1.0",
  info: {
    title: "edgemock management API",
    version: "1.0.0",
    description: "Mock endpoints, rules, API connections and history. Auth: Bearer API key.",
  },
  servers: [{ url: "/api/v1" }],
});
api.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
  type: "http",
  scheme: "bearer",
});

export const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
  c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
  await next();
});

app.route("/api/v1", api);
app.get("/", (c) => c.redirect("/admin/", 302));
app.get("/admin", (c) => c.redirect("/admin/", 301));
app.get("/admin/*", (c) => c.env.ASSETS.fetch(c.req.raw));

app.notFound((c) => {
  const path = new URL(c.req.url).pathname;
  const allowed = path.startsWith("/api/v1/") ? allowedMethods(api, path.slice(7)) : [];
  if (allowed.length > 0) {
    return problemResponse(
      new AppError("method_not_allowed", 405, `${c.req.method} is not allowed on ${path}`),
      { allow: allowed.join(", ") },
    );
  }
  return problemResponse(new AppError("not_found", 404, `Nothing is at ${c.req.method} ${path}`));
});

app.onError((err, c) => {
  if (err instanceof AppError) return problemResponse(err);
  if (err instanceof HTTPException) return problemResponse(fromHttpException(err));
  log("error", "unhandled error", { requestId: c.var.requestId, error: String(err) });
  return problemResponse(
    new AppError("internal", 500, `Something went wrong (${c.var.requestId})`),
  );
});

function fromHttpException(err: HTTPException): AppError {
  if (err.status === 400) return new AppError("malformed_json", 400, err.message);
  if (err.status === 413) return new AppError("payload_too_large", 413, err.message);
  if (err.status === 415) {
    return new AppError(
      "unsupported_media_type",
      415,
      "Send JSON with Content-Type: application/json",
    );
  }
  if (err.status === 401) return new AppError("unauthorized", 401, err.message);
  return new AppError("bad_request", err.status, err.message);
}

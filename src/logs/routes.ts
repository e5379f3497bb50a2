/** @module The history API: an endpoint's recorded requests and callouts, and its live feed. */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { db } from "../db/client";
import type { AppEnv } from "../env";
import { authenticate, bearerOf } from "../http/auth";
import { AppError, problemResponse } from "../http/errors";
import {
  commonErrors,
  jsonResponse,
  nameParam,
  newRouter,
  problemSchema,
  requireApiKey,
} from "../http/router";
import * as logic from "./logic";
import { calloutPageSchema, pageQuerySchema, requestPageSchema } from "./schema";

const secured = { middleware: [requireApiKey] };

/**
 * Browsers cannot set headers on a WebSocket handshake (the WebSocket constructor takes only a URL
 * and subprotocols), so the live feed also takes the API key as `?key=`. The key is checked here,
 * before the upgrade, so a bad key is a plain 401 and never an open socket.
 */
const requireApiKeyOrQueryKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const presented = bearerOf(c.req.header("authorization")) ?? c.req.query("key") ?? null;
  c.set("auth", await authenticate(db(c.env.DB), presented));
  await next();
};

const requests = createRoute({
  ...secured,
  method: "get",
  path: "/endpoints/{name}/requests",
  summary: "Recorded requests, newest first",
  request: { params: nameParam, query: pageQuerySchema },
  responses: { 200: jsonResponse("A page of requests", requestPageSchema), ...commonErrors },
});

const callouts = createRoute({
  ...secured,
  method: "get",
  path: "/endpoints/{name}/callouts",
  summary: "Recorded callouts with their attempts, newest first",
  request: { params: nameParam, query: pageQuerySchema },
  responses: { 200: jsonResponse("A page of callouts", calloutPageSchema), ...commonErrors },
});

const live = createRoute({
  middleware: [requireApiKeyOrQueryKey],
  method: "get",
  path: "/endpoints/{name}/live",
  summary: "WebSocket feed: one JSON message per new request and per callout attempt",
  description:
    "Send `Upgrade: websocket`. The API key goes in `Authorization: Bearer` or, from a browser, " +
    'in `?key=`. Messages: `{"type":"request","request":{...}}` and ' +
    '`{"type":"callout","callout":{...}}`. A text "ping" is answered with "pong".',
  request: {
    params: nameParam,
    query: z.object({ key: z.string().optional().openapi({ description: "The API key" }) }),
  },
  responses: {
    101: { description: "Switching to the WebSocket protocol" },
    426: {
      description: "Not a WebSocket upgrade",
      content: { "application/problem+json": { schema: problemSchema } },
    },
    ...commonErrors,
  },
});

export const historyRoutes = newRouter()
  .openapi(requests, async (c) => {
    const { name } = c.req.valid("param");
    const d = db(c.env.DB);
    const page = await logic.listRequests(
      c.env,
      d,
      c.var.auth.accountId,
      name,
      c.req.valid("query"),
    );
    return c.json(page, 200);
  })
  .openapi(callouts, async (c) => {
    const { name } = c.req.valid("param");
    const d = db(c.env.DB);
    const page = await logic.listCallouts(
      c.env,
      d,
      c.var.auth.accountId,
      name,
      c.req.valid("query"),
    );
    return c.json(page, 200);
  })
  .openapi(live, async (c) => {
    const { name } = c.req.valid("param");
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      // RFC 9110 §15.5.22: a 426 names, in Upgrade, the protocol the client must switch to.
      const err = new AppError(
        "bad_request",
        426,
        "Open this URL as a WebSocket (Upgrade: websocket)",
      );
      return problemResponse(err, { upgrade: "websocket" });
    }
    return logic.openLiveFeed(c.env, db(c.env.DB), c.var.auth.accountId, name);
  });

import { createRoute, z } from "@hono/zod-openapi";
import { db } from "../db/client";
import {
  commonErrors,
  conflictError,
  jsonBody,
  jsonResponse,
  nameParam,
  newRouter,
  requireApiKey,
} from "../http/router";
import { responseSchema } from "../rules/schema";
import * as logic from "./logic";
import { ENDPOINT_NAME_PATTERN, ENDPOINT_NAME_RULE } from "./names";

const endpointSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    urls: z.array(z.string()),
    defaultResponse: responseSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Endpoint");

const createInputSchema = z
  .object({
    name: z.string().regex(ENDPOINT_NAME_PATTERN, ENDPOINT_NAME_RULE),
    defaultResponse: responseSchema.optional(),
  })
  .openapi("EndpointInput");

const patchInputSchema = z
  .object({ defaultResponse: responseSchema.optional() })
  .openapi("EndpointPatch");

const secured = { middleware: [requireApiKey] };

const create = createRoute({
  ...secured,
  method: "post",
  path: "/endpoints",
  request: { body: jsonBody(createInputSchema) },
  responses: { 201: jsonResponse("Created", endpointSchema), ...commonErrors, ...conflictError },
});

const list = createRoute({
  ...secured,
  method: "get",
  path: "/endpoints",
  responses: {
    200: jsonResponse("The account's endpoints", z.object({ endpoints: z.array(endpointSchema) })),
    ...commonErrors,
  },
});

const get = createRoute({
  ...secured,
  method: "get",
  path: "/endpoints/{name}",
  request: { params: nameParam },
  responses: { 200: jsonResponse("The endpoint", endpointSchema), ...commonErrors },
});

const patch = createRoute({
  ...secured,
  method: "patch",
  path: "/endpoints/{name}",
  request: { params: nameParam, body: jsonBody(patchInputSchema) },
  responses: { 200: jsonResponse("Updated", endpointSchema), ...commonErrors },
});

const remove = createRoute({
  ...secured,
  method: "delete",
  path: "/endpoints/{name}",
  request: { params: nameParam },
  responses: { 204: { description: "Deleted with its rules and history" }, ...commonErrors },
});

function urlBase(requestUrl: string, mockDomain: string): logic.UrlBase {
  return { origin: new URL(requestUrl).origin, mockDomain };
}

export const endpointRoutes = newRouter()
  .openapi(create, async (c) => {
    const row = await logic.createEndpoint(db(c.env.DB), c.var.auth.accountId, c.req.valid("json"));
    return c.json(logic.endpointView(row, urlBase(c.req.url, c.env.MOCK_DOMAIN)), 201);
  })
  .openapi(list, async (c) => {
    const base = urlBase(c.req.url, c.env.MOCK_DOMAIN);
    const rows = await logic.listEndpoints(db(c.env.DB), c.var.auth.accountId);
    return c.json({ endpoints: rows.map((r) => logic.endpointView(r, base)) }, 200);
  })
  .openapi(get, async (c) => {
    const { name } = c.req.valid("param");
    const row = await logic.requireEndpoint(db(c.env.DB), c.var.auth.accountId, name);
    return c.json(logic.endpointView(row, urlBase(c.req.url, c.env.MOCK_DOMAIN)), 200);
  })
  .openapi(patch, async (c) => {
    const { name } = c.req.valid("param");
    const d = db(c.env.DB);
    const row = await logic.patchEndpoint(d, c.var.auth.accountId, name, c.req.valid("json"));
    return c.json(logic.endpointView(row, urlBase(c.req.url, c.env.MOCK_DOMAIN)), 200);
  })
  .openapi(remove, async (c) => {
    const { name } = c.req.valid("param");
    await logic.deleteEndpoint(c.env, db(c.env.DB), c.var.auth.accountId, name);
    return c.body(null, 204);
  });

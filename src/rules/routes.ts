import { createRoute, z } from "@hono/zod-openapi";
import { db } from "../db/client";
import {
  commonErrors,
  conflictError,
  jsonBody,
  jsonResponse,
  newRouter,
  requireApiKey,
} from "../http/router";
import * as logic from "./logic";
import { ruleInputSchema, ruleSchema } from "./schema";

const secured = { middleware: [requireApiKey] };
const endpointParam = z.object({ name: z.string() });
const ruleParams = z.object({ name: z.string(), id: z.string() });
const rulesBody = z.object({ rules: z.array(ruleSchema) });

const list = createRoute({
  ...secured,
  method: "get",
  path: "/endpoints/{name}/rules",
  request: { params: endpointParam },
  responses: { 200: jsonResponse("Rules in evaluation order", rulesBody), ...commonErrors },
});

const create = createRoute({
  ...secured,
  method: "post",
  path: "/endpoints/{name}/rules",
  request: { params: endpointParam, body: jsonBody(ruleInputSchema) },
  responses: { 201: jsonResponse("Appended", ruleSchema), ...commonErrors, ...conflictError },
});

const reorder = createRoute({
  ...secured,
  method: "put",
  path: "/endpoints/{name}/rules/order",
  request: {
    params: endpointParam,
    body: jsonBody(z.object({ ids: z.array(z.string()) }).openapi("RuleOrder")),
  },
  responses: { 200: jsonResponse("Rules in the new order", rulesBody), ...commonErrors },
});

const replace = createRoute({
  ...secured,
  method: "put",
  path: "/endpoints/{name}/rules/{id}",
  request: { params: ruleParams, body: jsonBody(ruleInputSchema) },
  responses: { 200: jsonResponse("Replaced", ruleSchema), ...commonErrors },
});

const remove = createRoute({
  ...secured,
  method: "delete",
  path: "/endpoints/{name}/rules/{id}",
  request: { params: ruleParams },
  responses: { 204: { description: "Deleted" }, ...commonErrors },
});

export const ruleRoutes = newRouter()
  .openapi(list, async (c) => {
    const { name } = c.req.valid("param");
    return c.json({ rules: await logic.listRules(db(c.env.DB), c.var.auth.accountId, name) }, 200);
  })
  .openapi(reorder, async (c) => {
    const { name } = c.req.valid("param");
    const { ids } = c.req.valid("json");
    const rules = await logic.reorderRules(db(c.env.DB), c.var.auth.accountId, name, ids);
    return c.json({ rules }, 200);
  })
  .openapi(create, async (c) => {
    const { name } = c.req.valid("param");
    const d = db(c.env.DB);
    return c.json(await logic.createRule(d, c.var.auth.accountId, name, c.req.valid("json")), 201);
  })
  .openapi(replace, async (c) => {
    const { name, id } = c.req.valid("param");
    const d = db(c.env.DB);
    const rule = await logic.replaceRule(d, c.var.auth.accountId, name, id, c.req.valid("json"));
    return c.json(rule, 200);
  })
  .openapi(remove, async (c) => {
    const { name, id } = c.req.valid("param");
    await logic.deleteRule(db(c.env.DB), c.var.auth.accountId, name, id);
    return c.body(null, 204);
  });

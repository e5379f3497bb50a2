import { createRoute, z } from "@hono/zod-openapi";
import { db } from "../db/client";
import { requireEndpoint } from "../endpoints/logic";
import {
  commonErrors,
  conflictError,
  jsonBody,
  jsonResponse,
  newRouter,
  requireApiKey,
} from "../http/router";
import * as logic from "./logic";
import { reencryptSecrets } from "./rotation";
import {
  connectionInputSchema,
  connectionPatchSchema,
  connectionSchema,
  tokenTestSchema,
} from "./schema";

const secured = { middleware: [requireApiKey] };
const idParam = z.object({ id: z.string() });
const saved = z.object({ connection: connectionSchema, test: tokenTestSchema });

const create = createRoute({
  ...secured,
  method: "post",
  path: "/connections",
  summary: "Create an API connection; runs a token test and saves even when it fails",
  request: { body: jsonBody(connectionInputSchema) },
  responses: { 201: jsonResponse("Created, with the token test", saved), ...commonErrors },
});

const list = createRoute({
  ...secured,
  method: "get",
  path: "/connections",
  request: {
    query: z.object({
      endpoint: z.string().optional().openapi({ description: "only those shared with it" }),
    }),
  },
  responses: {
    200: jsonResponse("Connections", z.object({ connections: z.array(connectionSchema) })),
    ...commonErrors,
  },
});

const get = createRoute({
  ...secured,
  method: "get",
  path: "/connections/{id}",
  request: { params: idParam },
  responses: { 200: jsonResponse("The connection", connectionSchema), ...commonErrors },
});

const patch = createRoute({
  ...secured,
  method: "patch",
  path: "/connections/{id}",
  summary: "Edit a connection (a blank clientSecret keeps the stored one); runs the token test",
  request: { params: idParam, body: jsonBody(connectionPatchSchema) },
  responses: { 200: jsonResponse("Saved, with the token test", saved), ...commonErrors },
});

const remove = createRoute({
  ...secured,
  method: "delete",
  path: "/connections/{id}",
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, ...commonErrors, ...conflictError },
});

const test = createRoute({
  ...secured,
  method: "post",
  path: "/connections/{id}/test",
  request: { params: idParam },
  responses: { 200: jsonResponse("The token test", tokenTestSchema), ...commonErrors },
});

const reencrypt = createRoute({
  ...secured,
  method: "post",
  path: "/connections/reencrypt",
  summary: "Re-encrypt this account's secrets under the primary key (after a key rotation)",
  responses: {
    200: jsonResponse(
      "What was done",
      z.object({
        reencrypted: z.number().int(),
        skipped: z.number().int(),
        failed: z.array(z.object({ id: z.string(), reason: z.string() })),
        more: z.boolean(),
      }),
    ),
    ...commonErrors,
  },
});

export const connectionRoutes = newRouter()
  .openapi(reencrypt, async (c) => {
    const keyring = logic.keyringOrFail(c.env);
    const d = db(c.env.DB);
    const accountId = c.var.auth.accountId;
    return c.json(await reencryptSecrets(d, keyring, { accountId, limit: 500 }), 200);
  })
  .openapi(create, async (c) => {
    const d = db(c.env.DB);
    const out = await logic.createConnection(c.env, d, c.var.auth.accountId, c.req.valid("json"));
    return c.json(out, 201);
  })
  .openapi(list, async (c) => {
    const d = db(c.env.DB);
    const { accountId } = c.var.auth;
    const { endpoint } = c.req.valid("query");
    const endpointId = endpoint ? (await requireEndpoint(d, accountId, endpoint)).id : undefined;
    return c.json({ connections: await logic.listConnections(d, accountId, endpointId) }, 200);
  })
  .openapi(get, async (c) => {
    const d = db(c.env.DB);
    const row = await logic.getConnection(d, c.var.auth.accountId, c.req.valid("param").id);
    return c.json(await logic.presentOne(d, row), 200);
  })
  .openapi(patch, async (c) => {
    const d = db(c.env.DB);
    const { id } = c.req.valid("param");
    const out = await logic.patchConnection(
      c.env,
      d,
      c.var.auth.accountId,
      id,
      c.req.valid("json"),
    );
    return c.json(out, 200);
  })
  .openapi(remove, async (c) => {
    const d = db(c.env.DB);
    await logic.deleteConnection(c.env, d, c.var.auth.accountId, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(test, async (c) => {
    const d = db(c.env.DB);
    const out = await logic.testConnection(c.env, d, c.var.auth.accountId, c.req.valid("param").id);
    return c.json(out, 200);
  });

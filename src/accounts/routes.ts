import { createRoute, z } from "@hono/zod-openapi";
import { db } from "../db/client";
import { bearerOf, unauthorized } from "../http/auth";
import {
  commonErrors,
  conflictError,
  jsonBody,
  jsonResponse,
  newRouter,
  requireApiKey,
} from "../http/router";
import { digestsEqual, sha256Hex } from "./keys";
import * as logic from "./logic";

const accountSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .openapi("Account");

const signUpInputSchema = z
  .object({ name: z.string().trim().min(1).max(100) })
  .openapi("SignUpInput");

const newKeySchema = z
  .object({ id: z.string(), apiKey: z.string(), createdAt: z.string() })
  .openapi("NewApiKey");

const keySchema = z
  .object({
    id: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

const signUp = createRoute({
  method: "post",
  path: "/accounts",
  summary: "Create an account and its first API key (shown only here)",
  request: { body: jsonBody(signUpInputSchema) },
  responses: {
    201: jsonResponse("Created", z.object({ account: accountSchema, apiKey: z.string() })),
    ...commonErrors,
  },
});

const getAccount = createRoute({
  method: "get",
  path: "/account",
  middleware: [requireApiKey],
  responses: { 200: jsonResponse("The account", accountSchema), ...commonErrors },
});

const createKey = createRoute({
  method: "post",
  path: "/account/keys",
  middleware: [requireApiKey],
  responses: { 201: jsonResponse("Created", newKeySchema), ...commonErrors },
});

const listKeys = createRoute({
  method: "get",
  path: "/account/keys",
  middleware: [requireApiKey],
  responses: {
    200: jsonResponse("The account's keys", z.object({ keys: z.array(keySchema) })),
    ...commonErrors,
  },
});

const deleteKey = createRoute({
  method: "delete",
  path: "/account/keys/{id}",
  middleware: [requireApiKey],
  request: { params: z.object({ id: z.string() }) },
  responses: { 204: { description: "Revoked" }, ...commonErrors, ...conflictError },
});

export const accountRoutes = newRouter()
  .openapi(signUp, async (c) => {
    const required = c.env.SIGNUP_TOKEN;
    if (required) {
      const presented = bearerOf(c.req.header("authorization")) ?? "";
      const ok = digestsEqual(await sha256Hex(presented), await sha256Hex(required));
      if (!ok) throw unauthorized();
    }
    const { name } = c.req.valid("json");
    return c.json(await logic.signUp(db(c.env.DB), name), 201);
  })
  .openapi(getAccount, async (c) =>
    c.json(await logic.getAccount(db(c.env.DB), c.var.auth.accountId), 200),
  )
  .openapi(createKey, async (c) =>
    c.json(await logic.createKey(db(c.env.DB), c.var.auth.accountId), 201),
  )
  .openapi(listKeys, async (c) =>
    c.json({ keys: await logic.listKeys(db(c.env.DB), c.var.auth.accountId) }, 200),
  )
  .openapi(deleteKey, async (c) => {
    await logic.revokeKey(db(c.env.DB), c.var.auth.accountId, c.req.valid("param").id);
    return c.body(null, 204);
  });

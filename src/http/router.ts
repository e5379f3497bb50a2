/**
 * @module Shared pieces of the management API's routers: the validation hook, the problem
 * schema every error route points to, and the auth middleware.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { touchKey } from "../accounts/store";
import { db } from "../db/client";
import type { AppEnv } from "../env";
import { authenticate, bearerOf } from "./auth";
import { validationHook } from "./validation";

export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

/** The error answers most routes can give, for the OpenAPI document. */
export const commonErrors = {
  400: problem("Malformed JSON"),
  401: problem("Missing or invalid API key"),
  404: problem("Not found, or another account's resource"),
  413: problem("Body too large"),
  422: problem("Validation failed; `errors` names each field"),
};

export const conflictError = { 409: problem("Conflict") };

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const d = db(c.env.DB);
  const auth = await authenticate(d, bearerOf(c.req.header("authorization")));
  c.set("auth", auth);
  // lastUsedAt, written at most once a minute per key and off the request's path.
  c.executionCtx.waitUntil(touchKey(d, auth.keyId, new Date()).catch(() => undefined));
  await next();
};

export const nameParam = z.object({
  name: z.string().openapi({ param: { name: "name", in: "path" }, example: "orders-api" }),
});

/**
 * @module zod schemas of the history API's query parameters and answers (API.md "History"),
 * for validation at the edge and the OpenAPI document. They mirror ./types.ts.
 */
import { z } from "@hono/zod-openapi";
import { decodeCursor } from "./cursor";
import { MAX_PAGE_SIZE } from "./endpoint-log";

export const DEFAULT_PAGE_SIZE = 50;

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  before: z
    .string()
    .refine((s) => decodeCursor(s) !== null, "is not a cursor from a previous page's next")
    .optional()
    .openapi({ description: "The `next` of the previous page" }),
});

const stringMap = z.record(z.string(), z.string());

export const requestRecordSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    method: z.string(),
    path: z.string(),
    query: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    headers: stringMap.openapi({ description: "Credential values are redacted" }),
    body: z.string(),
    bodyTruncated: z.boolean(),
    ruleId: z.string().nullable(),
    status: z.number().int(),
    durationMs: z.number(),
  })
  .openapi("RequestRecord");

export const attemptRecordSchema = z
  .object({
    at: z.string(),
    attempt: z.number().int(),
    status: z.number().int().optional(),
    error: z.string().optional(),
    durationMs: z.number(),
    responseHeaders: stringMap.optional(),
    responseBody: z.string().optional(),
    responseBodyTruncated: z.boolean().optional(),
  })
  .openapi("CalloutAttempt");

export const calloutRecordSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    ruleId: z.string(),
    requestId: z.string().nullable(),
    mode: z.enum(["async", "sync"]),
    method: z.string(),
    url: z.string(),
    connectionId: z.string().nullable(),
    requestHeaders: stringMap,
    requestBody: z.string(),
    state: z.enum(["queued", "retrying", "delivered", "failed"]),
    error: z.string().optional(),
    attempts: z.array(attemptRecordSchema),
  })
  .openapi("CalloutRecord");

const next = z.string().nullable().openapi({ description: "Cursor for older items, or null" });

export const requestPageSchema = z.object({ requests: z.array(requestRecordSchema), next });
export const calloutPageSchema = z.object({ callouts: z.array(calloutRecordSchema), next });

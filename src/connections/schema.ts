/** @module API connection input and output shapes (API.md "API connections"). */
import { z } from "@hono/zod-openapi";

/** Parameters the grant itself owns; a user value would change or duplicate them (§4.4.2). */
export const RESERVED_TOKEN_PARAMS = ["grant_type", "client_id", "client_secret"];

const HOST_PATTERN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const tokenUrl = z
  .string()
  .max(2048)
  .refine((v) => URL.canParse(v), "must be an absolute URL")
  .refine((v) => {
    const u = URL.canParse(v) ? new URL(v) : null;
    return u !== null && (u.protocol === "https:" || u.protocol === "http:");
  }, "must be an http or https URL")
  .refine((v) => {
    const u = URL.canParse(v) ? new URL(v) : null;
    return u === null || (u.username === "" && u.password === "");
  }, "must not carry credentials in the URL (RFC 6749 §2.3)");

const additionalParams = z
  .record(z.string().min(1).max(100), z.string().max(2000))
  .superRefine((params, ctx) => {
    const seen = new Set<string>();
    for (const key of Object.keys(params)) {
      const lower = key.toLowerCase();
      if (RESERVED_TOKEN_PARAMS.includes(lower)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `"${key}" is set by edgemock itself and cannot be an additional parameter`,
        });
      }
      if (seen.has(lower)) {
        ctx.addIssue({ code: "custom", path: [key], message: "is given twice" });
      }
      seen.add(lower);
    }
    if (seen.size > 20) ctx.addIssue({ code: "custom", message: "at most 20 parameters" });
  });

const headerPrefix = z
  .string()
  .max(50)
  .regex(/^[\x21-\x7e]*( [\x21-\x7e]+)*$/, "must be printable ASCII without line breaks");

const allowedHosts = z
  .array(
    z
      .string()
      .transform((h) => h.trim().toLowerCase())
      .pipe(z.string().regex(HOST_PATTERN, "must be a host name such as api.example.com")),
  )
  .max(50);

export const clientAuthSchema = z.enum(["client_secret_basic", "client_secret_post"]);

export const connectionInputSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100),
    tokenUrl,
    clientId: z.string().min(1).max(1000),
    clientSecret: z.string().min(1, "is required when creating a connection").max(4096),
    headerPrefix: headerPrefix.default("Bearer"),
    additionalParams: additionalParams.default({}),
    clientAuth: clientAuthSchema.default("client_secret_basic"),
    endpoints: z.array(z.string()).max(500).default([]),
    allowedHosts: allowedHosts.nullable().optional(),
  })
  .openapi("ConnectionInput");
export type ConnectionInput = z.infer<typeof connectionInputSchema>;

export const connectionPatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    tokenUrl: tokenUrl.optional(),
    clientId: z.string().min(1).max(1000).optional(),
    /** Absent or "" keeps the stored secret (write-only field). */
    clientSecret: z.string().max(4096).optional(),
    headerPrefix: headerPrefix.optional(),
    additionalParams: additionalParams.optional(),
    clientAuth: clientAuthSchema.optional(),
    endpoints: z.array(z.string()).max(500).optional(),
    allowedHosts: allowedHosts.nullable().optional(),
  })
  .openapi("ConnectionPatch");
export type ConnectionPatch = z.infer<typeof connectionPatchSchema>;

export const tokenTestSchema = z
  .union([
    z.object({
      ok: z.literal(true),
      at: z.string(),
      tokenType: z.string(),
      expiresIn: z.number().optional(),
      scope: z.string().optional(),
    }),
    z.object({
      ok: z.literal(false),
      at: z.string(),
      error: z.string(),
      code: z.string().optional(),
      httpStatus: z.number().optional(),
    }),
  ])
  .openapi("TokenTest");
export type TokenTest = z.infer<typeof tokenTestSchema>;

export const connectionSchema = z
  .object({
    id: z.string(),
    displayName: z.string(),
    tokenUrl: z.string(),
    clientId: z.string(),
    hasSecret: z.boolean(),
    headerPrefix: z.string(),
    additionalParams: z.record(z.string(), z.string()),
    clientAuth: clientAuthSchema,
    endpoints: z.array(z.string()),
    allowedHosts: z.array(z.string()).nullable(),
    version: z.number().int(),
    lastTest: tokenTestSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Connection");
export type ConnectionView = z.infer<typeof connectionSchema>;

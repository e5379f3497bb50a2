/**
 * @module
 * Rule schemas (API.md "Rules"), built with the `z` of @hono/zod-openapi so the same objects
 * validate requests and describe them in the OpenAPI 3.1 document. Templates are only capped in
 * size here; their syntax is checked by the templates module when a rule is saved.
 */
import { z } from "@hono/zod-openapi";
import {
  DEFAULT_CALLOUT_ATTEMPTS,
  MAX_CALLOUT_ATTEMPTS,
  MAX_CALLOUT_DELAY_MS,
  MAX_DESCRIPTION_LENGTH,
  MAX_HEADERS,
  MAX_NAME_LENGTH,
  MAX_RESPONSES,
  MAX_RESPONSE_DELAY_MS,
  MAX_RESPONSE_WEIGHT,
  MAX_TEMPLATE_LENGTH,
  MAX_URL_TEMPLATE_LENGTH,
} from "./limits";
import { HEADER_NAME, HTTP_METHODS, ruleMatchSchema } from "./schema-match";

export * from "./schema-match";

const templateSchema = z.string().max(MAX_TEMPLATE_LENGTH);

const headerTemplatesSchema = z
  .record(
    z.string().min(1).max(MAX_NAME_LENGTH).regex(HEADER_NAME, "a header name is an RFC 9110 token"),
    templateSchema,
  )
  .refine((headers) => Object.keys(headers).length <= MAX_HEADERS, {
    message: `at most ${MAX_HEADERS} headers`,
  });

const responseShape = {
  status: z.int().min(100).max(599),
  headers: headerTemplatesSchema.optional(),
  body: templateSchema.optional(),
  delayMs: z.int().min(0).max(MAX_RESPONSE_DELAY_MS).optional(),
};

export const responseSchema = z.object(responseShape).openapi("ResponseSpec", {
  description: "headers values and body are templates",
});
export type ResponseSpec = z.infer<typeof responseSchema>;

/** What a request to an endpoint gets when no rule matches. */
export const endpointDefaultResponseSchema = responseSchema;
export type EndpointDefaultResponse = ResponseSpec;

export const weightedResponseSchema = z
  .object({ weight: z.int().min(1).max(MAX_RESPONSE_WEIGHT), ...responseShape })
  .openapi("WeightedResponse");
export type WeightedResponse = z.infer<typeof weightedResponseSchema>;

export const calloutSchema = z
  .object({
    mode: z.enum(["async", "sync"]),
    request: z.object({
      method: z.enum(HTTP_METHODS),
      url: z.string().min(1).max(MAX_URL_TEMPLATE_LENGTH),
      headers: headerTemplatesSchema.optional(),
      body: templateSchema.optional(),
    }),
    delayMs: z.int().min(0).max(MAX_CALLOUT_DELAY_MS).optional(),
    connectionId: z.string().min(1).max(MAX_NAME_LENGTH).optional(),
    // No zod default: a default would put maxAttempts on sync callouts, where it is refused.
    // Consumers apply DEFAULT_CALLOUT_ATTEMPTS.
    maxAttempts: z
      .int()
      .min(1)
      .max(MAX_CALLOUT_ATTEMPTS)
      .optional()
      .openapi({ default: DEFAULT_CALLOUT_ATTEMPTS }),
  })
  .superRefine((callout, ctx) => {
    if (callout.mode !== "sync") return;
    for (const key of ["delayMs", "maxAttempts"] as const) {
      if (callout[key] !== undefined) {
        ctx.addIssue({ code: "custom", path: [key], message: `${key} applies to async only` });
      }
    }
  })
  .openapi("Callout", {
    description: "async: answer with response, then send. sync: relay the target's answer",
  });
export type Callout = z.infer<typeof calloutSchema>;

const ruleShape = {
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  enabled: z.boolean().default(true),
  match: ruleMatchSchema,
  response: responseSchema.optional(),
  responses: z.array(weightedResponseSchema).min(1).max(MAX_RESPONSES).optional(),
  callout: calloutSchema.optional(),
};

type RuleBody = z.infer<z.ZodObject<typeof ruleShape>>;

/** Exactly one of response/responses, or neither when the callout is sync. */
function checkResponses(rule: RuleBody, ctx: z.RefinementCtx): void {
  const has = { response: rule.response !== undefined, responses: rule.responses !== undefined };
  if (rule.callout?.mode === "sync") {
    for (const key of ["response", "responses"] as const) {
      if (has[key]) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `a sync callout answers with the target's response, so ${key} must be absent`,
        });
      }
    }
  } else if (has.response && has.responses) {
    ctx.addIssue({
      code: "custom",
      path: ["responses"],
      message: "give either response or responses, not both",
    });
  } else if (!has.response && !has.responses) {
    ctx.addIssue({
      code: "custom",
      path: ["response"],
      message: "response or responses is required unless callout.mode is sync",
    });
  }
}

/** What POST and PUT accept. */
export const ruleInputSchema = z.object(ruleShape).superRefine(checkResponses).openapi("RuleInput");
export type RuleInput = z.infer<typeof ruleInputSchema>;

/** A stored rule as the API returns it. */
export const ruleSchema = z
  .object({ id: z.string(), ...ruleShape })
  .superRefine(checkResponses)
  .openapi("Rule");
export type Rule = z.infer<typeof ruleSchema>;

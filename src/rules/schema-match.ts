/**
 * @module
 * Schemas for `rule.match`: which requests a rule applies to. Cross-field checks add issues at
 * the exact field (`match.path.value`, `match.headers.0.value`) so the 422 says where to look.
 */
import { z } from "@hono/zod-openapi";
import {
  MAX_BODY_PATH_LENGTH,
  MAX_CONDITIONS,
  MAX_CONDITION_VALUE_LENGTH,
  MAX_NAME_LENGTH,
} from "./limits";
import { templateError } from "./path-template";
import { regexError } from "./regex";

/** RFC 9110 §5.1: a field name is a token; §5.6.2 lists the token characters. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export const ruleMethodSchema = z.enum(["ANY", ...HTTP_METHODS]).openapi("RuleMethod");
export type RuleMethod = z.infer<typeof ruleMethodSchema>;

type Ctx = z.RefinementCtx;

function checkRegex(pattern: string, ctx: Ctx, path: (string | number)[]): void {
  const error = regexError(pattern);
  if (error !== null) ctx.addIssue({ code: "custom", path, message: error });
}

export const pathConditionSchema = z
  .object({
    op: z.enum(["exact", "prefix", "contains", "regex", "template"]),
    value: z.string().max(MAX_CONDITION_VALUE_LENGTH),
  })
  .superRefine((condition, ctx) => {
    const { op, value } = condition;
    if (op === "regex") checkRegex(value, ctx, ["value"]);
    if (op === "template") {
      const error = templateError(value);
      if (error !== null) ctx.addIssue({ code: "custom", path: ["value"], message: error });
    }
    if ((op === "exact" || op === "prefix") && !value.startsWith("/")) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `an ${op} path starts with /` });
    }
  })
  .openapi("PathCondition", {
    description:
      "regex uses RE2 syntax and matches anywhere unless anchored; its named groups and " +
      "template :params become path parameters",
  });
export type PathCondition = z.infer<typeof pathConditionSchema>;

const VALUELESS_OPS = new Set(["exists", "absent", "isNull", "isNotNull"]);

/** Adds an issue when `value` is given to an op that takes none, or missing where needed. */
function checkValuePresence(op: string, value: string | undefined, ctx: Ctx): boolean {
  if (VALUELESS_OPS.has(op)) {
    if (value !== undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `op "${op}" takes no value` });
    }
    return false;
  }
  if (value === undefined) {
    ctx.addIssue({ code: "custom", path: ["value"], message: `op "${op}" needs a value` });
    return false;
  }
  return true;
}

const fieldOpSchema = z.enum(["equals", "contains", "regex", "exists", "absent"]);

function fieldCondition(nameSchema: z.ZodString) {
  return z
    .object({
      name: nameSchema,
      op: fieldOpSchema,
      value: z.string().max(MAX_CONDITION_VALUE_LENGTH).optional(),
    })
    .superRefine(({ op, value }, ctx) => {
      if (checkValuePresence(op, value, ctx) && op === "regex" && value !== undefined) {
        checkRegex(value, ctx, ["value"]);
      }
    });
}

export const headerConditionSchema = fieldCondition(
  z.string().min(1).max(MAX_NAME_LENGTH).regex(HEADER_NAME, "a header name is an RFC 9110 token"),
).openapi("HeaderCondition", {
  description: "Header names are case-insensitive; exists and absent take no value",
});
export type HeaderCondition = z.infer<typeof headerConditionSchema>;

export const queryConditionSchema = fieldCondition(z.string().min(1).max(MAX_NAME_LENGTH)).openapi(
  "QueryCondition",
  {
    description: "With a repeated parameter the condition holds when any value satisfies it",
  },
);
export type QueryCondition = z.infer<typeof queryConditionSchema>;

export const bodyConditionSchema = z
  .object({
    path: z.string().min(1).max(MAX_BODY_PATH_LENGTH).optional(),
    op: z.enum(["contains", "regex", "equals", "notEquals", "notContains", "isNull", "isNotNull"]),
    value: z.string().max(MAX_CONDITION_VALUE_LENGTH).optional(),
  })
  .superRefine(({ path, op, value }, ctx) => {
    if (path === undefined && op !== "contains" && op !== "regex") {
      ctx.addIssue({
        code: "custom",
        path: ["path"],
        message: `op "${op}" compares a field, so it needs a path`,
      });
    }
    if (path !== undefined && op === "regex") {
      ctx.addIssue({
        code: "custom",
        path: ["op"],
        message: 'op "regex" runs on the raw body; it takes no path',
      });
    }
    if (path !== undefined && path.split(".").includes("")) {
      ctx.addIssue({ code: "custom", path: ["path"], message: "a path has no empty segments" });
    }
    if (checkValuePresence(op, value, ctx) && op === "regex" && value !== undefined) {
      checkRegex(value, ctx, ["value"]);
    }
  })
  .openapi("BodyCondition", {
    description:
      "Without path: contains or regex on the raw body. With path (a.b.0): a JSON or form " +
      "field compared in its string form; isNull holds when the field is missing or null",
  });
export type BodyCondition = z.infer<typeof bodyConditionSchema>;

export const ruleMatchSchema = z
  .object({
    method: ruleMethodSchema,
    path: pathConditionSchema,
    headers: z.array(headerConditionSchema).max(MAX_CONDITIONS).optional(),
    query: z.array(queryConditionSchema).max(MAX_CONDITIONS).optional(),
    body: z.array(bodyConditionSchema).max(MAX_CONDITIONS).optional(),
  })
  .openapi("RuleMatch", { description: "All conditions must hold" });
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

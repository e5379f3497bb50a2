import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { it } from "vitest";
import { endpointDefaultResponseSchema, ruleInputSchema, ruleSchema } from "../../src/rules/schema";

it("describes the rule schemas as named OpenAPI 3.1 components", ({ expect }) => {
  const app = new OpenAPIHono();
  const route = createRoute({
    method: "post",
    path: "/rules",
    request: { body: { content: { "application/json": { schema: ruleInputSchema } } } },
    responses: {
      201: { description: "rule", content: { "application/json": { schema: ruleSchema } } },
      200: {
        description: "default",
        content: { "application/json": { schema: endpointDefaultResponseSchema } },
      },
    },
  });
  app.openapi(route, (c) => c.json(ruleSchema.parse({ ...c.req.valid("json"), id: "x" }), 201));
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  const schemas = doc.components?.schemas ?? {};
  for (const name of ["Rule", "RuleInput", "RuleMatch", "PathCondition", "Callout"]) {
    expect(schemas).toHaveProperty(name);
  }
  expect(schemas).toHaveProperty("ResponseSpec");
  expect(JSON.stringify(schemas.Rule)).toContain('"enabled"');
});

import { createExecutionContext, env } from "cloudflare:test";
import { it } from "vitest";
import { app } from "../../src/app";

const closedEnv = { ...env, SIGNUP_TOKEN: "let-me-in" };

function signUp(authorization?: string) {
  const headers = new Headers({ "content-type": "application/json" });
  if (authorization) headers.set("authorization", authorization);
  const req = new Request("http://localhost/api/v1/accounts", {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "x" }),
  });
  return app.fetch(req, closedEnv, createExecutionContext());
}

it("requires the sign-up token when the deployment sets one", async ({ expect }) => {
  expect((await signUp()).status).toBe(401);
  expect((await signUp("Bearer wrong")).status).toBe(401);
  expect((await signUp("Bearer let-me-in")).status).toBe(201);
});

import { describe, it, vi } from "vitest";
import { addRule, call, createEndpoint, json, signUp } from "../helpers";

describe("a token endpoint mocked on edgemock itself", () => {
  it("is asked inside the Worker and recorded in that endpoint's history", async ({ expect }) => {
    const { key } = await signUp();
    const idp = await createEndpoint(key);
    await addRule(key, idp, {
      match: { method: "POST", path: { op: "exact", value: "/token" } },
      response: {
        status: 200,
        headers: { "content-type": "application/json" },
        body: '{"access_token":"tok-{{uuid}}","token_type":"bearer","expires_in":600}',
      },
    });
    const network = vi.spyOn(globalThis, "fetch");
    try {
      const res = await call("/api/v1/connections", {
        method: "POST",
        key,
        json: {
          displayName: "Mocked IdP",
          tokenUrl: `http://localhost:8787/e/${idp}/token`,
          clientId: "me",
          clientSecret: "shh-it-is-a-secret",
        },
      });
      expect(res.status).toBe(201);
      const body = await json<{ test: { ok: boolean; expiresIn?: number } }>(res);
      expect(body.test).toMatchObject({ ok: true, expiresIn: 600 });
      expect(network).not.toHaveBeenCalled();
    } finally {
      network.mockRestore();
    }
    // The token request shows in the mocked IdP's history, its Basic credentials redacted.
    let requests: { method: string; path: string; headers: Record<string, string> }[] = [];
    for (let i = 0; i < 20 && requests.length === 0; i++) {
      const page = await json<{ requests: typeof requests }>(
        await call(`/api/v1/endpoints/${idp}/requests`, { key }),
      );
      requests = page.requests;
      if (requests.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(requests[0]).toMatchObject({ method: "POST", path: "/token" });
    expect(requests[0]?.headers.authorization).toBe("Basic [redacted]");
  });
});

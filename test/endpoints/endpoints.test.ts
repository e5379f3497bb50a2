import { describe, it } from "vitest";
import { call, createEndpoint, hit, json, signUp, uniqueName } from "../helpers";

describe("endpoints", () => {
  it("creates an endpoint with its mock URLs and default response", async ({ expect }) => {
    const { key } = await signUp();
    const name = uniqueName();
    const res = await call("/api/v1/endpoints", { method: "POST", key, json: { name } });
    expect(res.status).toBe(201);
    const ep = await json<{ name: string; urls: string[]; defaultResponse: { status: number } }>(
      res,
    );
    expect(ep.urls).toEqual([`http://localhost:8787/e/${name}`, `http://${name}.localhost:8787`]);
    expect(ep.defaultResponse.status).toBe(200);

    const served = await hit(name, "/anything?x=1");
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({
      ok: true,
      message: "edgemock: no rule matched GET /anything",
    });
  });

  it("answers at NAME.<MOCK_DOMAIN> as well as /e/NAME", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const res = await call(`http://${name}.localhost:8787/orders/1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("GET /orders/1");
  });

  it("refuses bad names with a 422 and taken names with a 409", async ({ expect }) => {
    const { key } = await signUp();
    for (const name of ["ab", "-abc", "abc-", "ABC", "a_b", "x".repeat(64)]) {
      const res = await call("/api/v1/endpoints", { method: "POST", key, json: { name } });
      expect(res.status, name).toBe(422);
      expect((await json<{ errors: { path: string }[] }>(res)).errors[0]?.path).toBe("name");
    }
    const name = await createEndpoint(key);
    const other = await signUp();
    const taken = await call("/api/v1/endpoints", {
      method: "POST",
      key: other.key,
      json: { name },
    });
    expect(taken.status).toBe(409);
  });

  it("lists, patches and deletes an account's own endpoints only", async ({ expect }) => {
    const a = await signUp();
    const b = await signUp();
    const name = await createEndpoint(a.key);
    const bList = await json<{ endpoints: unknown[] }>(
      await call("/api/v1/endpoints", { key: b.key }),
    );
    expect(bList.endpoints).toEqual([]);
    expect((await call(`/api/v1/endpoints/${name}`, { key: b.key })).status).toBe(404);
    const bPatch = await call(`/api/v1/endpoints/${name}`, {
      method: "PATCH",
      key: b.key,
      json: { defaultResponse: { status: 418 } },
    });
    expect(bPatch.status).toBe(404);
    expect((await call(`/api/v1/endpoints/${name}`, { method: "DELETE", key: b.key })).status).toBe(
      404,
    );

    const patch = await call(`/api/v1/endpoints/${name}`, {
      method: "PATCH",
      key: a.key,
      json: { defaultResponse: { status: 404, body: "nothing at {{path}}" } },
    });
    expect(patch.status).toBe(200);
    const served = await hit(name, "/x");
    expect(served.status).toBe(404);
    expect(await served.text()).toBe("nothing at /x");

    expect((await call(`/api/v1/endpoints/${name}`, { method: "DELETE", key: a.key })).status).toBe(
      204,
    );
    expect((await hit(name, "/x")).status).toBe(404);
    expect((await call(`/api/v1/endpoints/${name}`, { key: a.key })).status).toBe(404);
  });

  it("answers CORS preflights so browsers can call mocks", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const res = await hit(name, "/api", {
      method: "OPTIONS",
      headers: {
        origin: "http://app.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-trace",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://app.test");
    expect(res.headers.get("access-control-allow-headers")).toBe("content-type,x-trace");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    const get = await hit(name, "/api", { headers: { origin: "http://app.test" } });
    expect(get.headers.get("access-control-allow-origin")).toBe("http://app.test");
  });

  it("answers an unknown endpoint with a 404 problem", async ({ expect }) => {
    const res = await hit("no-such-endpoint-here", "/");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

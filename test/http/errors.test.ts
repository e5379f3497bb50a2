import { describe, it } from "vitest";
import { call, createEndpoint, hit, json, signUp } from "../helpers";

const MB = 1024 * 1024;

function streamOf(totalBytes: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunk, totalBytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
}

describe("problem+json errors", () => {
  it("answers malformed JSON with a 400 problem", async ({ expect }) => {
    const { key } = await signUp();
    const res = await call("/api/v1/endpoints", {
      method: "POST",
      key,
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await json(res)).toMatchObject({ status: 400, code: "malformed_json" });
  });

  it("answers wrong types with a 422 naming each field", async ({ expect }) => {
    const { key } = await signUp();
    const res = await call("/api/v1/endpoints", {
      method: "POST",
      key,
      json: { name: 42, defaultResponse: { status: "teapot" } },
    });
    expect(res.status).toBe(422);
    const body = await json<{ errors: { path: string }[]; detail: string }>(res);
    expect(body.errors.map((e) => e.path).sort()).toEqual(["defaultResponse.status", "name"]);
  });

  it("answers unknown routes 404 and wrong methods 405 with Allow", async ({ expect }) => {
    const { key } = await signUp();
    expect((await call("/api/v1/nope", { key })).status).toBe(404);
    const res = await call("/api/v1/endpoints", { method: "PUT", key, json: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("POST");
  });

  it("serves an OpenAPI 3.1 document generated from the validating schemas", async ({ expect }) => {
    const res = await call("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/accounts", "/endpoints", "/endpoints/{name}/rules/order"]),
    );
    expect(doc.components.schemas).toHaveProperty("Rule");
  });
});

describe("body limits (RELIABILITY.md test 37)", () => {
  const cases: [string, () => RequestInit][] = [
    ["a Content-Length over the limit", () => ({ body: "a".repeat(2 * MB) })],
    [
      "a chunked body with no Content-Length",
      () => ({ body: streamOf(3 * MB), duplex: "half" }) as RequestInit,
    ],
    [
      "a non-numeric Content-Length",
      () =>
        ({
          body: streamOf(3 * MB),
          headers: { "content-length": "abc" },
          duplex: "half",
        }) as RequestInit,
    ],
    [
      "Transfer-Encoding with a small Content-Length",
      () =>
        ({
          body: streamOf(3 * MB),
          headers: { "content-length": "5", "transfer-encoding": "chunked" },
          duplex: "half",
        }) as RequestInit,
    ],
  ];

  for (const [label, init] of cases) {
    it(`answers 413 on a mock URL for ${label}`, async ({ expect }) => {
      const { key } = await signUp();
      const name = await createEndpoint(key);
      const res = await hit(name, "/upload", { method: "POST", ...init() });
      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    });

    it(`answers 413 on the management API for ${label}`, async ({ expect }) => {
      const { key } = await signUp();
      const res = await call("/api/v1/endpoints", {
        method: "POST",
        key,
        ...init(),
        headers: { "content-type": "application/json", ...(init().headers as object) },
      });
      expect(res.status).toBe(413);
      expect((await call("/api/v1/endpoints", { key })).status).toBe(200);
    });
  }
});

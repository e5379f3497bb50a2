import { describe, it } from "vitest";
import { OutboundTimeoutError } from "../../src/outbound/abort";
import { fetchWithTimeout } from "../../src/outbound/fetch-with-timeout";
import { readCapped } from "../../src/outbound/read-capped";
import { endlessBody, fakeFetch } from "../connections/fake-fetch";

describe("fetchWithTimeout", () => {
  it("always sends redirect: manual and hands back the 3xx", async ({ expect }) => {
    const server = fakeFetch(
      () => new Response(null, { status: 307, headers: { location: "https://b.example/" } }),
    );
    const timed = await fetchWithTimeout(
      server.fetch,
      "https://a.example/",
      { method: "POST" },
      1000,
    );
    timed.discard();
    expect(timed.response.status).toBe(307);
    expect(server.requests[0]?.redirect).toBe("manual");
  });

  it("rejects with OutboundTimeoutError when no response comes in time", async ({ expect }) => {
    const server = fakeFetch(() => new Promise<Response>(() => undefined));
    await expect(
      fetchWithTimeout(server.fetch, "https://a.example/", {}, 30),
    ).rejects.toBeInstanceOf(OutboundTimeoutError);
  });

  it("applies the same deadline to the body read", async ({ expect }) => {
    const trickle = endlessBody(new Uint8Array([0x61]), 5);
    const server = fakeFetch(() => new Response(trickle.stream));
    const timed = await fetchWithTimeout(server.fetch, "https://a.example/", {}, 60);
    await expect(timed.readBody(1024 * 1024)).rejects.toBeInstanceOf(OutboundTimeoutError);
    expect(timed.signal.aborted).toBe(true);
  });

  it("reads a prompt body in full", async ({ expect }) => {
    const server = fakeFetch(() => new Response("hello"));
    const timed = await fetchWithTimeout(server.fetch, "https://a.example/", {}, 1000);
    expect(await timed.readBody(100)).toEqual({ text: "hello", truncated: false, bytes: 5 });
  });

  it("passes a network error through unchanged", async ({ expect }) => {
    const server = fakeFetch(() => Promise.reject(new TypeError("Network connection lost.")));
    await expect(fetchWithTimeout(server.fetch, "https://a.example/", {}, 1000)).rejects.toThrow(
      "Network connection lost.",
    );
  });
});

describe("readCapped", () => {
  it("keeps exactly maxBytes of a larger body, marks it truncated and cancels the rest", async ({
    expect,
  }) => {
    const endless = endlessBody(new TextEncoder().encode("0123456789"));
    const body = await readCapped(new Response(endless.stream), 25);
    expect(body).toEqual({ text: "0123456789012345678901234", truncated: true, bytes: 25 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(endless.state.cancelled).toBe(true);
  });

  it("does not mark a body of exactly maxBytes as truncated", async ({ expect }) => {
    expect(await readCapped(new Response("abcde"), 5)).toEqual({
      text: "abcde",
      truncated: false,
      bytes: 5,
    });
  });

  it("returns an empty text for a response without a body", async ({ expect }) => {
    expect(await readCapped(new Response(null, { status: 204 }), 5)).toEqual({
      text: "",
      truncated: false,
      bytes: 0,
    });
  });

  it("decodes UTF-8 split across chunks", async ({ expect }) => {
    const bytes = new TextEncoder().encode("é€");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    expect((await readCapped(new Response(stream), 100)).text).toBe("é€");
  });
});

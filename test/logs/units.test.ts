import { describe, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../src/logs/cursor";
import { queryObject } from "../../src/logs/record";
import { redactHeaders } from "../../src/logs/redact";
import { historyLimit } from "../../src/logs/sanitize";
import { truncateUtf8 } from "../../src/logs/truncate";

describe("redactHeaders", () => {
  it("replaces credential values and keeps the auth scheme", ({ expect }) => {
    const h = new Headers({
      Authorization: "Basic dXNlcjpwYXNz",
      "Proxy-Authorization": "Bearer abc",
      Cookie: "a=1",
      "X-Goog-Api-Key": "k",
      "X-Auth-Token": "t",
      "X-Amz-Security-Token": "s",
      api_key: "k2",
      Accept: "application/json",
    });
    expect(redactHeaders(h)).toEqual({
      authorization: "Basic [redacted]",
      "proxy-authorization": "Bearer [redacted]",
      cookie: "[redacted]",
      "x-goog-api-key": "[redacted]",
      "x-auth-token": "[redacted]",
      "x-amz-security-token": "[redacted]",
      api_key: "[redacted]",
      accept: "application/json",
    });
  });

  it("redacts a schemeless Authorization value whole and is idempotent", ({ expect }) => {
    const once = redactHeaders({ authorization: "rawtoken" });
    expect(once).toEqual({ authorization: "[redacted]" });
    const twice = redactHeaders(redactHeaders({ Authorization: "Bearer x" }));
    expect(twice).toEqual({ authorization: "Bearer [redacted]" });
  });
});

describe("truncateUtf8", () => {
  it("cuts on a character boundary when the limit falls inside a character", ({ expect }) => {
    const out = truncateUtf8("aé€😀", 5);
    expect(out).toEqual({ text: "aé", truncated: true });
    expect(truncateUtf8("aé€😀", 6)).toEqual({ text: "aé€", truncated: true });
    expect(truncateUtf8("aé€", 6)).toEqual({ text: "aé€", truncated: false });
  });
});

describe("page cursors", () => {
  it("round-trips a sequence number and rejects other text", ({ expect }) => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    for (const bad of ["", "nonsense", btoa("s0"), btoa("s-1"), btoa("x5"), "%%%"]) {
      expect(decodeCursor(bad), bad).toBeNull();
    }
  });
});

describe("queryObject", () => {
  it("turns a repeated key into an array in order", ({ expect }) => {
    expect(queryObject(new URLSearchParams("a=1&b=2&a=3&a=4"))).toEqual({
      a: ["1", "3", "4"],
      b: "2",
    });
  });
});

describe("historyLimit", () => {
  it("reads HISTORY_LIMIT and falls back to 1000 for anything but a positive integer", ({
    expect,
  }) => {
    expect(historyLimit({ HISTORY_LIMIT: "25" })).toBe(25);
    for (const raw of [undefined, "", "0", "-3", "2.5", "lots"]) {
      expect(historyLimit({ HISTORY_LIMIT: raw }), String(raw)).toBe(1000);
    }
  });
});

import { describe, it } from "vitest";
import { OutboundTimeoutError } from "../../src/outbound/abort";
import {
  classifyHttpFailure,
  classifyNetworkError,
  describeNetworkError,
  parseRetryAfter,
} from "../../src/outbound/classify";

const NOW_MS = Date.UTC(2026, 0, 1);

describe("classifyHttpFailure", () => {
  it("treats 408, 425, 429 and every 5xx as transient", ({ expect }) => {
    for (const status of [408, 425, 429, 500, 502, 503, 504, 599]) {
      expect(classifyHttpFailure(status, new Headers(), NOW_MS).kind, String(status)).toBe(
        "transient",
      );
    }
  });

  it("treats other 4xx and every 3xx as permanent", ({ expect }) => {
    for (const status of [300, 301, 302, 304, 307, 308, 400, 401, 403, 404, 410, 413, 422]) {
      expect(classifyHttpFailure(status, new Headers(), NOW_MS), String(status)).toEqual({
        kind: "permanent",
      });
    }
  });

  it("ignores Retry-After on a permanent failure", ({ expect }) => {
    const headers = new Headers({ "retry-after": "30" });
    expect(classifyHttpFailure(400, headers, NOW_MS)).toEqual({ kind: "permanent" });
    expect(classifyHttpFailure(503, headers, NOW_MS)).toEqual({
      kind: "transient",
      retryAfterSeconds: 30,
    });
  });
});

describe("parseRetryAfter (RFC 9110 §10.2.3)", () => {
  it("reads delay-seconds and caps them at 12 h", ({ expect }) => {
    expect(parseRetryAfter("0", NOW_MS)).toBe(0);
    expect(parseRetryAfter(" 120 ", NOW_MS)).toBe(120);
    expect(parseRetryAfter("43201", NOW_MS)).toBe(43_200);
  });

  it("reads an HTTP-date relative to now, never below zero", ({ expect }) => {
    expect(parseRetryAfter(new Date(NOW_MS + 61_000).toUTCString(), NOW_MS)).toBe(61);
    expect(parseRetryAfter(new Date(NOW_MS - 5_000).toUTCString(), NOW_MS)).toBe(0);
    expect(parseRetryAfter(new Date(NOW_MS + 86_400_000).toUTCString(), NOW_MS)).toBe(43_200);
  });

  it("returns undefined for absent or unreadable values", ({ expect }) => {
    for (const value of [null, "", "-1", "1.5", "soon", "1e3", "12 34"]) {
      expect(parseRetryAfter(value, NOW_MS), String(value)).toBeUndefined();
    }
  });
});

describe("network errors", () => {
  it("are transient, timeouts included", ({ expect }) => {
    expect(classifyNetworkError(new TypeError("Network connection lost."))).toEqual({
      kind: "transient",
    });
    expect(classifyNetworkError(new OutboundTimeoutError(10))).toEqual({ kind: "transient" });
  });

  it("are described without echoing the runtime message", ({ expect }) => {
    expect(describeNetworkError(new Error("connect ECONNREFUSED 10.0.0.1:443"))).toBe(
      "connection refused",
    );
    expect(describeNetworkError(new Error("Network connection lost."))).toBe(
      "the connection was reset",
    );
    expect(describeNetworkError(new Error("https://user:pw@x/ odd failure"))).toBe("network error");
  });
});

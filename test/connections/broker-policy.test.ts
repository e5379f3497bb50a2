import { describe, it } from "vitest";
import type { CachedToken } from "../../src/connections/broker-policy";
import { backoffMs, plan, refreshSkewMs } from "../../src/connections/broker-policy";

const MINUTE = 60_000;

function cached(overrides: Partial<CachedToken> = {}): CachedToken {
  return {
    accountId: "acc_1",
    connectionId: "conn_1",
    version: 1,
    token: "t",
    tokenId: "id-1",
    headerPrefix: "Bearer",
    obtainedAt: 0,
    expiresAt: 3_600_000,
    ...overrides,
  };
}

describe("refreshSkewMs", () => {
  it("refreshes 30 s early for short tokens, 10% for mid ones, 5 min at most", ({ expect }) => {
    expect(refreshSkewMs(2 * MINUTE)).toBe(30_000);
    expect(refreshSkewMs(20 * MINUTE)).toBe(2 * MINUTE);
    expect(refreshSkewMs(60 * MINUTE)).toBe(5 * MINUTE);
    expect(refreshSkewMs(24 * 60 * MINUTE)).toBe(5 * MINUTE);
  });

  it("never refreshes earlier than half the lifetime (google-auth-library-python#581)", ({
    expect,
  }) => {
    expect(refreshSkewMs(5_000)).toBe(2_500);
    expect(refreshSkewMs(40_000)).toBe(20_000);
  });
});

describe("backoffMs", () => {
  const transient = { ok: false as const, kind: "transient" as const, code: "x", message: "m" };
  const permanent = { ...transient, kind: "permanent" as const };

  it("doubles from 1 s to a 60 s cap for transient failures", ({ expect }) => {
    const steps = [1, 2, 3, 4, 5, 6, 7, 8].map((streak) => backoffMs(transient, streak));
    expect(steps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it("waits at least Retry-After, capped at 60 s", ({ expect }) => {
    expect(backoffMs({ ...transient, retryAfterSeconds: 10 }, 1)).toBe(10_000);
    expect(backoffMs({ ...transient, retryAfterSeconds: 3600 }, 1)).toBe(60_000);
  });

  it("waits 60 s after a permanent failure", ({ expect }) => {
    expect(backoffMs(permanent, 1)).toBe(60_000);
  });
});

describe("plan", () => {
  const base = { failure: undefined, version: 1, rejectedTokenId: undefined };

  it("serves a fresh token and refetches for a newer version", ({ expect }) => {
    expect(plan({ ...base, cache: cached(), now: 1_000 }).action).toBe("serve");
    expect(plan({ ...base, cache: cached(), version: 2, now: 1_000 })).toEqual({
      action: "fetch",
      trigger: "version",
    });
  });

  it("refuses during a backoff unless the caller names a newer version", ({ expect }) => {
    const failure = {
      failure: {
        ok: false as const,
        kind: "permanent" as const,
        code: "invalid_client",
        message: "m",
      },
      version: 1,
      until: 60_000,
      streak: 1,
    };
    expect(plan({ ...base, cache: undefined, failure, now: 1_000 }).action).toBe("refuse");
    expect(plan({ ...base, cache: undefined, failure, version: 2, now: 1_000 }).action).toBe(
      "fetch",
    );
    expect(plan({ ...base, cache: undefined, failure, now: 60_000 }).action).toBe("fetch");
  });
});

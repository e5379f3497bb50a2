import { describe, it } from "vitest";
import { createEndpoint, hit, signUp } from "../helpers";
import { eventually, requestsOf } from "./support";

describe("recording a burst of hits", () => {
  it("records every hit of a concurrent burst exactly once", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => hit(name, `/burst/${i}`).then((res) => res.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const page = await eventually(
      () => requestsOf(key, name, "?limit=200"),
      (p) => p.requests.length >= 40,
    );
    const paths = page.requests.map((r) => r.path).sort();
    const expected = Array.from({ length: 40 }, (_, i) => `/burst/${i}`).sort();
    expect(paths).toEqual(expected);
    expect(new Set(page.requests.map((r) => r.id)).size).toBe(40);
  });
});

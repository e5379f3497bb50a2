import { describe, it } from "vitest";
import { newId, newSortableId } from "../../src/db/ids";

describe("ids", () => {
  it("are unguessable: a type prefix and 128 random bits", ({ expect }) => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId("ep")));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^ep_[a-z2-7]{26}$/);
  });

  it("sort by creation time when they are history ids", ({ expect }) => {
    const times = [0, 1, 31, 32, 1_000, 1_796_000_000_000, 1_796_000_000_001, 2 ** 45];
    const ids = times.map((t) => newSortableId("req", t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 100 }, () => newSortableId("co", 5))).size).toBe(100);
  });
});

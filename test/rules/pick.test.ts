import { it } from "vitest";
import { pickResponse } from "../../src/rules/pick";

const responses = [
  { weight: 1, status: 200 },
  { weight: 3, status: 201 },
  { weight: 6, status: 202 },
] as const;

it("picks the entry whose share of the total weight holds the random point", ({ expect }) => {
  const at = (r: number) => pickResponse(responses, () => r).status;
  expect(at(0)).toBe(200);
  expect(at(0.099)).toBe(200);
  expect(at(0.1)).toBe(201);
  expect(at(0.399)).toBe(201);
  expect(at(0.4)).toBe(202);
  expect(at(0.999_999)).toBe(202);
});

it("returns the last entry when random returns 1", ({ expect }) => {
  expect(pickResponse(responses, () => 1).status).toBe(202);
});

it("returns the only entry of a single-entry list", ({ expect }) => {
  expect(pickResponse([{ weight: 5, status: 418 }], () => 0.7).status).toBe(418);
});

it("throws on an empty list", ({ expect }) => {
  expect(() => pickResponse([])).toThrow(RangeError);
});

it("follows the weights with Math.random over many draws", ({ expect }) => {
  const draws = 20_000;
  const counts = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const { status } = pickResponse(responses);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  // Expected shares 0.1, 0.3, 0.6; ±0.025 is over 8 standard deviations for the smallest share
  // (sd = sqrt(0.1 * 0.9 / 20000) ≈ 0.0021), so the test does not flake.
  for (const [status, share] of [
    [200, 0.1],
    [201, 0.3],
    [202, 0.6],
  ] as const) {
    expect(Math.abs((counts.get(status) ?? 0) / draws - share)).toBeLessThan(0.025);
  }
});

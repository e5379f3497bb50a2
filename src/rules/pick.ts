/**
 * @module
 * Weighted choice among a rule's `responses`.
 */

/**
 * Picks one entry with probability weight / total weight. `random` returns a number in [0, 1)
 * like Math.random; tests inject their own. Weights are positive integers (the schema says so),
 * so the running sum is exact.
 */
export function pickResponse<T extends { readonly weight: number }>(
  responses: readonly T[],
  random: () => number = Math.random,
): T {
  const first = responses[0];
  if (first === undefined) throw new RangeError("pickResponse needs at least one response");
  let total = 0;
  for (const response of responses) total += response.weight;
  let point = random() * total;
  for (const response of responses) {
    point -= response.weight;
    if (point < 0) return response;
  }
  // Only reached when random() returned 1 or more; the last entry owns the top of the range.
  return responses[responses.length - 1] ?? first;
}

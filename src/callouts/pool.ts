/**
 * @module A tiny worker pool. A Worker keeps at most 6 connections open at once and queues the
 * rest (RELIABILITY §4), so a batch runs at most that many sends at a time rather than letting
 * queued fetches eat into their own 30 s deadlines.
 */

export const MAX_IN_FLIGHT = 6;

/** Runs `work` on every item, at most `limit` at a time; `work` must not reject. */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}

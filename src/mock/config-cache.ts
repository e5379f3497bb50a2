/**
 * @module Per-isolate cache of endpoint configuration, so a mock hit costs no D1 read while warm.
 *
 * Entries live CONFIG_TTL_MS. An edit made through the API drops the entry in the isolate that
 * made it, so the editor sees it at once; other isolates see it within the TTL. Unknown names
 * are cached too (briefly), so random names cannot turn into a D1 read per request.
 */
export const CONFIG_TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class TtlCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #inflight = new Map<string, Promise<T>>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** Returns the cached value or loads it once, however many callers ask at the same time. */
  async get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const promise = load().then(
      (value) => {
        this.#inflight.delete(key);
        if (this.#entries.size >= this.maxEntries) this.#evictOne();
        this.#entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
        return value;
      },
      (err: unknown) => {
        this.#inflight.delete(key);
        throw err;
      },
    );
    this.#inflight.set(key, promise);
    return promise;
  }

  delete(key: string): void {
    this.#entries.delete(key);
    this.#inflight.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#inflight.clear();
  }

  #evictOne(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}

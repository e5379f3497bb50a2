/**
 * @module The broker's notion of "now". One mutable object so tests running in the same isolate
 * can move time (expiry, skew, backoff) without fake timers, which would also stall the real
 * delays a fake token endpoint uses.
 */
export const brokerClock = {
  now(): number {
    return Date.now();
  },
};

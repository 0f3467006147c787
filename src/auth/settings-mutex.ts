/** In-process mutual exclusion by key, for work that must not interleave within one process. */

/** Runs `fn` exclusively per key: callers for the same key run one at a time, in call order. */
export type KeyedMutex = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** A new, independent {@link KeyedMutex}. */
export function createKeyedMutex(): KeyedMutex {
  // The promise each key's latest caller settles when it is done; the next caller awaits it.
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    tails.set(key, mine);
    try {
      if (previous) await previous;
      return await fn();
    } finally {
      done();
      if (tails.get(key) === mine) tails.delete(key);
    }
  };
}

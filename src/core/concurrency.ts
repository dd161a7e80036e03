/**
 * Bounded concurrency: enough requests in flight to hide latency, few enough to stay
 * kind to a vendor's rate limits.
 */

export const DEFAULT_CONCURRENCY = 4;

/**
 * Runs `task` for each item, at most `limit` at a time, in order of start. Once
 * `shouldStop()` is true no further item starts. Resolves to how many items started.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!shouldStop() && next < items.length) {
      const index = next;
      next += 1;
      await task(items[index] as T, index);
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return next;
}

// Work on many files, a few at a time: all at once would hold thousands of descriptors open
// (10,000 providers are 20,000 files), one after another would wait on each in turn.

/** How many files are worked on at once. */
export const FILES_AT_ONCE = 32;

/** `work` on every item, at most `width` at once, its results in the items' order. */
export async function atATime<T, R>(items: readonly T[], work: (item: T) => Promise<R>, width = FILES_AT_ONCE): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

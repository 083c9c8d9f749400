/** How many records one pass reads at once: enough to overlap round trips, few enough not to flood the store. */
export const READ_BATCH = 16;

/** Reads every item, `READ_BATCH` at a time, answering the results in the items' order. */
export async function inBatches<T, R>(items: readonly T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += READ_BATCH) out.push(...(await Promise.all(items.slice(i, i + READ_BATCH).map(read))));
  return out;
}

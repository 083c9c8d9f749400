import { getStore } from '@netlify/blobs';
import { type Collection, type Store, StorageUnavailable } from '../domain/ports.ts';

type BlobStore = ReturnType<typeof getStore>;

/**
 * The storage port on Netlify Blobs: one store per collection, strong consistency for
 * every read. A conditional write reports success even when the server failed, so a
 * create is confirmed by reading the value back.
 */
export function createBlobStore(options: { prefix?: string } = {}): Store {
  const stores = new Map<Collection, BlobStore>();
  const open = (collection: Collection): BlobStore => {
    let store = stores.get(collection);
    if (!store) {
      store = getStore({ name: `${options.prefix ?? 'vouch'}-${collection}`, consistency: 'strong' });
      stores.set(collection, store);
    }
    return store;
  };
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof StorageUnavailable) throw error;
      throw new StorageUnavailable(`${what} failed: ${error instanceof Error ? error.name : 'unknown error'}`, {
        cause: error,
      });
    }
  };

  return {
    get: <T>(collection: Collection, key: string) =>
      guard(`get ${collection}`, async () => (await open(collection).get(key, { type: 'json' })) as T | null),

    create: (collection, key, value) =>
      guard(`create ${collection}`, async () => {
        const body = JSON.stringify(value);
        const result = await open(collection).set(key, body, { onlyIfNew: true });
        const stored = await open(collection).get(key, { type: 'text' });
        if (stored === null) throw new StorageUnavailable(`create ${collection}: write not confirmed`);
        return result.modified && stored === body ? 'created' : 'exists';
      }),

    put: (collection, key, value) =>
      guard(`put ${collection}`, async () => {
        await open(collection).set(key, JSON.stringify(value));
      }),

    list: (collection, prefix) =>
      guard(`list ${collection}`, async () => {
        const { blobs } = await open(collection).list({ prefix });
        return blobs.map((blob) => blob.key);
      }),

    delete: (collection, key) =>
      guard(`delete ${collection}`, async () => {
        await open(collection).delete(key);
      }),
  };
}

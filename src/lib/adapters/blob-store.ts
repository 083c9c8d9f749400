import { getStore } from '@netlify/blobs';
import { type Collection, type Store, StorageUnavailable } from '../domain/ports.ts';
import { unlistedFetch } from './outbound-fetch.ts';

type BlobStore = ReturnType<typeof getStore>;

/** How long one store operation may take, retries included, before it counts as unavailable. */
export const STORE_DEADLINE_MS = 8_000;

/**
 * A fetch for the Blobs client that gives up at a deadline. The client retries failures
 * five times, five seconds apart (25 s or more); past the deadline this fetch answers 408,
 * which the client does not retry, so that a request fails fast instead of hanging. It goes
 * through `unlistedFetch`, so that no store call shows in a response's headers.
 */
function deadlineFetch(deadline: number, seen: (status: number) => void): typeof fetch {
  const answer = (response: Response) => {
    seen(response.status);
    return response;
  };
  return async (input, init) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return answer(new Response(null, { status: 408 }));
    try {
      return answer(await unlistedFetch(input, { ...init, signal: AbortSignal.timeout(remaining) }));
    } catch (error) {
      if (Date.now() >= deadline) return answer(new Response(null, { status: 408 }));
      throw error;
    }
  };
}

/**
 * Conditional writes in flight, per store and key. Netlify's servers apply `onlyIfNew`
 * atomically, but the local blob server checks and then writes, so two creates of one key
 * at once can both succeed; creates from this process are therefore made one at a time.
 */
const creating = new Map<string, Promise<unknown>>();

function oneAtATime<T>(id: string, run: () => Promise<T>): Promise<T> {
  const previous = creating.get(id) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  creating.set(id, settled);
  void settled.then(() => {
    if (creating.get(id) === settled) creating.delete(id);
  });
  return next;
}

/**
 * The storage port on Netlify Blobs: one store per collection, strong consistency for
 * every read. A conditional write reports success even when the server failed, so a
 * create is judged by the HTTP status of its write.
 */
export function createBlobStore(options: { prefix?: string; deadlineMs?: number } = {}): Store {
  const deadlineMs = options.deadlineMs ?? STORE_DEADLINE_MS;
  const open = (collection: Collection, deadline: number, seen: (status: number) => void): BlobStore =>
    getStore({ name: `${options.prefix ?? 'vouch'}-${collection}`, consistency: 'strong', fetch: deadlineFetch(deadline, seen) });

  /** Runs one operation within the deadline; `lastStatus()` is the HTTP status of its last answer. */
  const run = async <T>(
    what: string,
    collection: Collection,
    operation: (store: BlobStore, lastStatus: () => number) => Promise<T>,
  ): Promise<T> => {
    const deadline = Date.now() + deadlineMs;
    let status = 0;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StorageUnavailable(`${what} ${collection}: no answer in ${deadlineMs} ms`)), deadlineMs + 50);
    });
    try {
      const store = open(collection, deadline, (seen) => {
        status = seen;
      });
      return await Promise.race([operation(store, () => status), late]);
    } catch (error) {
      if (error instanceof StorageUnavailable) throw error;
      throw new StorageUnavailable(`${what} ${collection} failed: ${error instanceof Error ? error.name : 'unknown error'}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    get: <T>(collection: Collection, key: string) =>
      run('get', collection, async (store) => (await store.get(key, { type: 'json' })) as T | null),

    create: (collection, key, value) =>
      oneAtATime(`${collection}/${key}`, () =>
        run('create', collection, async (store, lastStatus) => {
          // The client reports `modified: true` for any answer but 412, failures included,
          // so the write's own HTTP status decides: 2xx created, 412 taken, anything else failed.
          const result = await store.set(key, JSON.stringify(value), { onlyIfNew: true });
          const status = lastStatus();
          if (!result.modified || status === 412) return 'exists';
          if (status >= 200 && status < 300) return 'created';
          throw new StorageUnavailable(`create ${collection}: answered ${status}`);
        }),
      ),

    put: (collection, key, value) =>
      run('put', collection, async (store) => {
        await store.set(key, JSON.stringify(value));
      }),

    list: (collection, prefix) =>
      run('list', collection, async (store) => {
        const { blobs } = await store.list({ prefix });
        return blobs.map((blob) => blob.key);
      }),

    delete: (collection, key) =>
      run('delete', collection, async (store) => {
        await store.delete(key);
      }),
  };
}

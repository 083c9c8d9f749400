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
 * Conditional writes in flight, per store and key. Netlify's servers apply `onlyIfNew` and
 * `onlyIfMatch` atomically, but the local blob server checks and then writes (and its ETag is
 * the file's modification time, which two quick writes can share), so conditional writes of
 * one key from this process are made one at a time: each read-and-write of an update, and
 * each create, finishes before the next starts.
 */
const writing = new Map<string, Promise<unknown>>();

/** Runs `run` after the writes of `id` already queued; gives up with `StorageUnavailable` if its turn comes after `deadline`. */
function oneAtATime<T>(id: string, deadline: number, run: () => Promise<T>): Promise<T> {
  const previous = writing.get(id) ?? Promise.resolve();
  const turn = () => {
    if (Date.now() >= deadline) throw new StorageUnavailable(`${id}: no turn to write before the deadline`);
    return run();
  };
  const next = previous.then(turn, turn);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  writing.set(id, settled);
  void settled.then(() => {
    if (writing.get(id) === settled) writing.delete(id);
  });
  return next;
}

/**
 * A value and its version (ETag). Netlify answers both in one read; the local blob server
 * answers no ETag on a read, only in listings, so there the version is listed first and the
 * value read after it: a write in between changes the version, and the conditional write
 * based on them then fails and is tried again. Without any version, nothing is written.
 */
async function versioned(store: BlobStore, key: string): Promise<{ data: unknown; etag: string } | null> {
  const read = await store.getWithMetadata(key, { type: 'json' });
  if (!read) return null;
  if (read.etag) return { data: read.data, etag: read.etag };
  const { blobs } = await store.list({ prefix: key });
  const etag = blobs.find((blob) => blob.key === key)?.etag;
  if (!etag) throw new StorageUnavailable('update: the stored value has no version');
  const data = await store.get(key, { type: 'json' });
  return data === null ? null : { data, etag };
}

/**
 * Creates in flight from this process, per store and key. A create that overlaps another of the
 * same key cannot be the one that makes it: if the first settles (created, or found it taken),
 * the later one answers 'exists' without a request of its own, so that a burst of identical
 * submissions costs one round trip, not one per request in a queue. If the first fails, the
 * later one tries for itself.
 */
const creatingNow = new Map<string, Promise<'created' | 'exists'>>();

/** How many times an update reads and writes again after another writer changed the key in between. */
const UPDATE_ATTEMPTS = 8;

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
    deadline = Date.now() + deadlineMs,
  ): Promise<T> => {
    const left = Math.max(0, deadline - Date.now());
    let status = 0;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StorageUnavailable(`${what} ${collection}: no answer in ${deadlineMs} ms`)), left + 50);
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

    create: async (collection, key, value) => {
      const id = `${collection}/${key}`;
      const earlier = creatingNow.get(id);
      if (earlier && (await earlier.then(() => true, () => false))) return 'exists';
      const deadline = Date.now() + deadlineMs;
      const attempt = oneAtATime(id, deadline, () =>
        run(
          'create',
          collection,
          async (store, lastStatus) => {
            // The client reports `modified: true` for any answer but 412, failures included,
            // so the write's own HTTP status decides: 2xx created, 412 taken, anything else failed.
            const result = await store.set(key, JSON.stringify(value), { onlyIfNew: true });
            const status = lastStatus();
            if (!result.modified || status === 412) return 'exists';
            if (status >= 200 && status < 300) return 'created';
            throw new StorageUnavailable(`create ${collection}: answered ${status}`);
          },
          deadline,
        ),
      );
      creatingNow.set(id, attempt);
      try {
        return await attempt;
      } finally {
        if (creatingNow.get(id) === attempt) creatingNow.delete(id);
      }
    },

    update: <T>(collection: Collection, key: string, change: (current: T | null) => T | null) => {
      const deadline = Date.now() + deadlineMs;
      const attempt = () =>
        run(
          'update',
          collection,
          async (store, lastStatus): Promise<{ value: T | null } | 'conflict'> => {
            const read = await versioned(store, key);
            const current = (read?.data ?? null) as T | null;
            const next = change(current);
            if (next === null) return { value: current };
            const text = JSON.stringify(next);
            const result = await store.set(key, text, read ? { onlyIfMatch: read.etag } : { onlyIfNew: true });
            const status = lastStatus();
            if (!result.modified || status === 412) return 'conflict';
            if (status < 200 || status >= 300) throw new StorageUnavailable(`update ${collection}: answered ${status}`);
            // A success without a new version proves nothing: what is stored now decides.
            if (!result.etag && (await store.get(key, { type: 'text' })) !== text) {
              throw new StorageUnavailable(`update ${collection}: the write was not confirmed`);
            }
            return { value: next };
          },
          deadline,
        );
      return oneAtATime(`${collection}/${key}`, deadline, async () => {
        for (let tries = 0; tries < UPDATE_ATTEMPTS; tries++) {
          const outcome = await attempt();
          if (outcome !== 'conflict') return outcome.value;
        }
        throw new StorageUnavailable(`update ${collection}: still conflicting after ${UPDATE_ATTEMPTS} attempts`);
      });
    },

    put: (collection, key, value) =>
      run('put', collection, async (store) => {
        await store.set(key, JSON.stringify(value));
      }),

    list: (collection, prefix) =>
      run('list', collection, async (store) => {
        const { blobs } = await store.list({ prefix });
        return blobs.map((blob) => blob.key);
      }),

    folders: (collection, prefix) =>
      run('list', collection, async (store) => {
        const { directories } = await store.list({ prefix, directories: true });
        return directories.map((folder) => folder.replace(/\/$/, '').slice(prefix.length)).filter((name) => name && !name.includes('/'));
      }),

    delete: (collection, key) =>
      run('delete', collection, async (store) => {
        await store.delete(key);
      }),
  };
}

// The Store port in memory, for unit tests of the domain: values are kept as JSON text,
// as the blob store keeps them, so that a test sees what a real read would give back.
import { type Collection, StorageUnavailable, type Store } from '../../src/lib/domain/ports.ts';

export type MemoryStore = Store & {
  /** The stored value at a key, parsed, or undefined when absent. */
  peek<T>(collection: Collection, key: string): T | undefined;
  /** Makes every following call throw `StorageUnavailable`, as an unreachable store would. */
  breakDown(): void;
};

/** A fresh, empty store. */
export function createMemoryStore(): MemoryStore {
  const data = new Map<string, string>();
  let broken = false;
  const id = (collection: Collection, key: string) => `${collection}\u0000${key}`;
  const check = () => {
    if (broken) throw new StorageUnavailable('memory store is down');
  };

  return {
    async get<T>(collection: Collection, key: string) {
      check();
      const text = data.get(id(collection, key));
      return text === undefined ? null : (JSON.parse(text) as T);
    },
    async create(collection, key, value) {
      check();
      if (data.has(id(collection, key))) return 'exists';
      data.set(id(collection, key), JSON.stringify(value));
      return 'created';
    },
    async put(collection, key, value) {
      check();
      data.set(id(collection, key), JSON.stringify(value));
    },
    async update<T>(collection: Collection, key: string, change: (current: T | null) => T | null) {
      check();
      // Read and write with no await between: atomic, as a conditional write on the version read is.
      const text = data.get(id(collection, key));
      const current = text === undefined ? null : (JSON.parse(text) as T);
      const next = change(current);
      if (next === null) return current;
      data.set(id(collection, key), JSON.stringify(next));
      return JSON.parse(JSON.stringify(next)) as T;
    },
    async list(collection, prefix) {
      check();
      const start = id(collection, prefix);
      return [...data.keys()].filter((k) => k.startsWith(start)).map((k) => k.slice(collection.length + 1));
    },
    async folders(collection, prefix) {
      check();
      const start = id(collection, prefix);
      return [...new Set([...data.keys()].filter((k) => k.startsWith(start) && k.slice(start.length).includes('/')).map((k) => k.slice(start.length).split('/')[0]!))];
    },
    async delete(collection, key) {
      check();
      data.delete(id(collection, key));
    },
    peek<T>(collection: Collection, key: string) {
      const text = data.get(id(collection, key));
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    breakDown() {
      broken = true;
    },
  };
}

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseEmail } from '../domain/addresses.ts';
import type { Directory, ProviderEntry } from '../domain/provider.ts';
import { createFileCache, findGenerated } from './files.ts';
import { ADDRESSES_DIR, type AddressBucket, addressBucket, isSlug, PROVIDERS_DIR } from './layout.ts';

/**
 * Providers by slug and by notification address, over a generated folder (`npm run content`): the
 * only source of a provider's addresses. Each lookup reads one provider's file, or one bucket of
 * addresses, the first time it is asked for; the content was validated when it was generated.
 */
export function createDirectory(generated: string): Directory {
  const files = createFileCache();
  const get = (slug: string): ProviderEntry | undefined =>
    isSlug(slug) ? files.read(join(generated, PROVIDERS_DIR, `${slug}.json`), (text) => JSON.parse(text) as ProviderEntry) : undefined;
  return {
    get,
    byAddress(email) {
      const address = normaliseEmail(email);
      const bucket = files.read(join(generated, ADDRESSES_DIR, `${addressBucket(address)}.json`), (text) => JSON.parse(text) as AddressBucket);
      const slugs = bucket && Object.hasOwn(bucket, address) ? (bucket[address] ?? []) : [];
      return slugs.map(get).filter((provider): provider is ProviderEntry => provider !== undefined);
    },
  };
}

let directory: Directory | undefined;

/** This instance's directory, over the generated content deployed with it: built once, shared by every request. */
export const contentDirectory = (): Directory => (directory ??= createDirectory(findGenerated()));

/**
 * Every provider, read from the generated folder: for the developer pages of a local run (the
 * local webhook receiver lists every endpoint), never for a request a deployed site serves.
 */
export function everyProvider(): ProviderEntry[] {
  const generated = findGenerated();
  const directory = contentDirectory();
  return readdirSync(join(generated, PROVIDERS_DIR))
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => directory.get(file.slice(0, -'.json'.length)) ?? []);
}

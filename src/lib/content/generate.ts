import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { normaliseEmail } from '../domain/addresses.ts';
import type { ProviderEntry } from '../domain/provider.ts';
import { atATime } from './at-a-time.ts';
import { ADDRESSES_DIR, type AddressBucket, addressBucket, EMAILS_FILE, GENERATED, PROVIDERS_DIR, SITE_FILE } from './layout.ts';
import { type LoadedContent, loadContent } from './load.ts';

/** The site settings, for pages and functions (relative to the project): small, and imported whole. */
export const GENERATED_SITE = `${GENERATED}/${SITE_FILE}`;
/** The wording of every email, imported whole by what renders emails. */
export const GENERATED_EMAILS = `${GENERATED}/${EMAILS_FILE}`;

const asJson = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`;

/** Whether `npm run content` (or a build, or `npm start`) has written the content the functions and pages read. */
export const hasGeneratedContent = (projectRoot: string): boolean =>
  [GENERATED_SITE, GENERATED_EMAILS, `${GENERATED}/${PROVIDERS_DIR}`].every((file) => existsSync(join(projectRoot, file)));

/**
 * Validates `content/` and writes what the functions and pages read at run time, so that none of
 * them validates anything or loads every provider: the site settings, the email copy whole
 * (built-in wording filled in), one file per provider (no page bodies) and the address buckets.
 */
export async function generateContent(projectRoot: string): Promise<LoadedContent> {
  const content = await loadContent(join(projectRoot, 'content'));
  const { site, providers, emails } = content;
  const buckets = new Map<string, AddressBucket>();
  for (const provider of providers) {
    for (const address of new Set(provider.notify.map(normaliseEmail))) {
      const bucket = buckets.get(addressBucket(address)) ?? {};
      bucket[address] = [...(bucket[address] ?? []), provider.slug];
      buckets.set(addressBucket(address), bucket);
    }
  }
  await writeFolder(projectRoot, `${GENERATED}/${PROVIDERS_DIR}`, new Map(providers.map((provider: ProviderEntry) => [`${provider.slug}.json`, asJson(provider)])));
  await writeFolder(projectRoot, `${GENERATED}/${ADDRESSES_DIR}`, new Map([...buckets].map(([name, bucket]) => [`${name}.json`, asJson(bucket)])));
  await writeGenerated(projectRoot, GENERATED_EMAILS, emails);
  await writeGenerated(projectRoot, GENERATED_SITE, site);
  return content;
}

/** Makes `folder` (relative to the project) hold exactly `files` (name → text): each written as `writeText` does, and any other file removed. */
export async function writeFolder(projectRoot: string, folder: string, files: Map<string, string>): Promise<void> {
  await atATime([...files], ([name, text]) => writeText(projectRoot, `${folder}/${name}`, text));
  const present = await readdir(join(projectRoot, folder)).catch(() => [] as string[]);
  await Promise.all(present.filter((name) => !files.has(name)).map((name) => rm(join(projectRoot, folder, name), { force: true })));
}

/** Writes `data` as JSON to `file` (relative to the project), only when it changes. */
export const writeGenerated = (projectRoot: string, file: string, data: unknown): Promise<void> => writeText(projectRoot, file, asJson(data));

/** Writes `text` to `file` (relative to the project), only when it changes. */
export async function writeText(projectRoot: string, file: string, text: string): Promise<void> {
  const out = join(projectRoot, file);
  // Written only when it changes, and whole (a new file, then a rename): a running dev server
  // reads these files, and must neither reload for nothing nor read one half-written.
  if ((await readIfExists(out)) === text) return;
  await mkdir(dirname(out), { recursive: true });
  const temporary = `${out}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, out);
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type LoadedContent, loadContent } from './load.ts';

/** Where the functions read content from: generated from `content/` before every build, dev run and test. */
export const GENERATED_CONTENT = 'src/generated/content.json';
/** The site settings alone, for pages: every page needs them, and must not load every provider with them. */
export const GENERATED_SITE = 'src/generated/site.json';
/** Each provider's story as HTML by slug, for the pages rendered on demand: written by the content loader (`loader.ts`). */
export const GENERATED_STORIES = 'src/generated/stories.json';

/** Validates `content/` and writes the data the functions need (no page bodies; the email copy whole, built-in wording filled in), and the site settings apart. */
export async function generateContent(projectRoot: string): Promise<LoadedContent> {
  const content = await loadContent(join(projectRoot, 'content'));
  const { site, providers, emails } = content;
  await writeGenerated(projectRoot, GENERATED_CONTENT, { site, providers, emails });
  await writeGenerated(projectRoot, GENERATED_SITE, site);
  return content;
}

/** Writes `data` as JSON to `file` (relative to the project), only when it changes. */
export async function writeGenerated(projectRoot: string, file: string, data: unknown): Promise<void> {
  const out = join(projectRoot, file);
  const json = `${JSON.stringify(data, null, 2)}\n`;
  // Written only when it changes, and whole (a new file, then a rename): a running dev server
  // watches this file, and must neither reload for nothing nor read it half-written.
  if ((await readIfExists(out)) === json) return;
  await mkdir(dirname(out), { recursive: true });
  const temporary = `${out}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, json);
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

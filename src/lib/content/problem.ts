// The content mistake a running `npm start` is showing. The loader (in astro's own process) writes it,
// and the pages' dev banner reads it on every request, so that a provider who saves a broken file sees
// why the site did not change, and the banner goes once the file is fixed.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where the last content mistake is kept while it stands, relative to the project. */
export const CONTENT_PROBLEM = '.vouch/content-problem.txt';

/** Records the mistake that `content/` has now, or clears it (`null`) once it loads again. */
export async function recordContentProblem(root: string, problem: string | null): Promise<void> {
  const file = join(root, CONTENT_PROBLEM);
  if (problem === null) return rm(file, { force: true });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, problem);
}

/** The mistake `content/` has now, as the loader last reported it, or null. */
export async function readContentProblem(root: string): Promise<string | null> {
  try {
    return await readFile(join(root, CONTENT_PROBLEM), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadContent } from './load.ts';

/** Where the functions read content from: generated from `content/` before every build, dev run and test. */
export const GENERATED_CONTENT = 'src/generated/content.json';

/** Validates `content/` and writes the data the functions need (no page bodies). */
export async function generateContent(projectRoot: string): Promise<void> {
  const { site, providers } = await loadContent(join(projectRoot, 'content'));
  const out = join(projectRoot, GENERATED_CONTENT);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify({ site, providers }, null, 2)}\n`);
}

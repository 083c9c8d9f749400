// The generated content the pages rendered on demand read (a provider's file, an address bucket,
// a story), put beside the adapter's SSR function once the adapter has written it. The adapter's
// own `includeFiles` would do the same, but it copies one file after another (a realpath, a stat, a
// mkdir and a copy each, in turn): at 10,000 providers, 20,000 files and about 6 s of a 50 s build.
// Copied here with many copies in flight, they take about 1 s.
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { atATime } from './at-a-time.ts';
import { ADDRESSES_DIR, GENERATED, PROVIDERS_DIR, STORIES_DIR } from './layout.ts';

/** Where the adapter writes its function: a copy of the project's tree, its entry at `.netlify/build/`. */
const SSR_FUNCTION_DIR = '.netlify/v1/functions/ssr';
/** The folders of `src/generated/` the pages read at run time (site.json and emails.json are in their code). */
const FOLDERS = [PROVIDERS_DIR, ADDRESSES_DIR, STORIES_DIR];

/** Copies `src/generated/{providers,addresses,stories}/` of `root` into the SSR function at `root`; returns how many files. */
async function copyContentToSsrFunction(root: string): Promise<number> {
  const fn = join(root, SSR_FUNCTION_DIR);
  // The function mirrors the project's tree from its root, so that the code finds src/generated/ above it as it does in the project.
  if (!(await stat(join(fn, '.netlify/build')).catch(() => null))?.isDirectory()) {
    throw new Error(`${SSR_FUNCTION_DIR}/.netlify/build/ is missing: the Netlify adapter wrote its function somewhere else, and the pages it renders would find no providers`);
  }
  const files: string[] = [];
  for (const folder of FOLDERS) {
    await mkdir(join(fn, GENERATED, folder), { recursive: true });
    for (const name of await readdir(join(root, GENERATED, folder))) files.push(join(GENERATED, folder, name));
  }
  await atATime(files, (file) => copyFile(join(root, file), join(fn, file)));
  return files.length;
}

/** The integration: its `astro:build:done` runs after the adapter's (Astro runs the adapter's hooks before those of the config's integrations). */
export function ssrContent(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'vouch:ssr-content',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ logger }) => {
        const started = performance.now();
        const count = await copyContentToSsrFunction(root);
        logger.info(`Copied ${count} generated files into the SSR function in ${Math.round(performance.now() - started)} ms`);
      },
    },
  };
}

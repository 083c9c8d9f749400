import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { generateContent, writeFolder } from './generate.ts';
import { GENERATED, STORIES_DIR } from './layout.ts';
import { ContentError, type ProviderFile } from './load.ts';
import { recordContentProblem } from './problem.ts';

/**
 * The providers collection, and the only reader of `content/` in a build: it validates it with the
 * rules and messages of `npm run content`, writes the functions' copy (`generateContent`), stores
 * each provider with its rendered story for the static pages, and writes each story to a file of its
 * own for the pages rendered on demand, which never load the content store. In a build a mistake stops it; under
 * `astro dev` a mistake is reported (terminal and pages) while the last good content keeps serving, and
 * it loads again whenever anything in `content/` changes.
 */
export function providersLoader(): Loader {
  return {
    name: 'vouch-providers',
    load: async (context) => {
      if (!context.watcher) return loadProviders(context);
      watchContent(context, await loadOrReport(context));
    },
  };
}

async function loadProviders({ config, store, renderMarkdown, generateDigest }: LoaderContext): Promise<void> {
  const root = fileURLToPath(config.root);
  const { providers, files } = await generateContent(root);
  const stale = new Set(store.keys());
  const stories = new Map<string, string>();
  for (const { slug, ...data } of providers) {
    const file = files.get(slug) as ProviderFile;
    const digest = generateDigest(file.text);
    const kept = store.get(slug);
    const rendered =
      kept?.digest === digest && kept.rendered ? kept.rendered : await renderMarkdown(file.body, { fileURL: pathToFileURL(file.path) });
    store.set({ id: slug, data, filePath: relative(root, file.path), digest, rendered, assetImports: rendered.metadata?.imagePaths ?? [] });
    stories.set(`${slug}.html`, rendered.html);
    stale.delete(slug);
  }
  for (const slug of stale) store.delete(slug);
  await writeFolder(root, `${GENERATED}/${STORIES_DIR}`, stories);
}

/**
 * In `astro dev`: loads again after any change in `content/`; a mistake is shown, and the last good
 * content kept. While a mistake stands it also looks again every few seconds, so that a fix whose
 * save the file watcher missed (it happens on a busy machine) still clears the banner.
 */
function watchContent(context: LoaderContext, loaded: boolean): void {
  const { watcher, logger, config } = context;
  if (!watcher) return;
  const dir = fileURLToPath(new URL('content/', config.root));
  watcher.add(dir);
  let queued = false;
  let loading = Promise.resolve();
  let retry: ReturnType<typeof setTimeout> | undefined;
  const reload = (path?: string) => {
    if ((path !== undefined && !path.startsWith(dir)) || queued) return;
    queued = true;
    clearTimeout(retry);
    loading = loading.then(async () => {
      queued = false;
      if (await loadOrReport(context)) logger.info('Reloaded content/');
      else retry = setTimeout(reload, RETRY_MS).unref();
    });
  };
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, reload);
  if (!loaded) retry = setTimeout(reload, RETRY_MS).unref();
}

/** How often `content/` is read again while it has a mistake. */
const RETRY_MS = 3000;

/** The mistake last logged, so that looking again every few seconds does not repeat it in the terminal. */
let lastProblem: string | null = null;

/** Loads `content/` under `astro dev`; a mistake is logged and recorded for the pages' banner instead of stopping the server. */
async function loadOrReport(context: LoaderContext): Promise<boolean> {
  const root = fileURLToPath(context.config.root);
  try {
    await loadProviders(context);
    await recordContentProblem(root, null);
    lastProblem = null;
    return true;
  } catch (error) {
    const problem = error instanceof ContentError ? error.message : `Could not read content/: ${(error as Error).message}`;
    if (problem !== lastProblem) context.logger.error(`${problem}\n  The site keeps the last good content until this is fixed.`);
    lastProblem = problem;
    await recordContentProblem(root, problem);
    return false;
  }
}

// The last step of `npm run build`: each function in netlify/functions/ as one tree-shaken, minified
// ES module, .netlify/v1/functions/<name>.mjs: the folder Netlify deploys the functions a build
// writes from (its Frameworks API). Code only some requests need (the email renderer, the mail
// API's SDK) is imported when first used, so it is in the file but not run, or compiled, at start.
// netlify.toml makes that folder the functions a deploy takes; `npm start` keeps serving the sources.
//
//   node scripts/bundle-functions.ts [--root DIR]
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Metafile, type Plugin } from 'esbuild';

/** Where the bundles go, relative to the project: Netlify's folder for functions a build writes. */
export const BUNDLED_FUNCTIONS = '.netlify/v1/functions';

/**
 * `import { z } from 'zod'` keeps all of zod in a bundle (esbuild cannot shake a namespace that is
 * re-exported as a value), `import * as z from 'zod'` only what is used: about 100 KB minified
 * instead of 450 KB, which every cold start parses. The two mean the same to the code.
 */
const zodAsNamespace: Plugin = {
  name: 'zod-as-namespace',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      if (path.includes('/node_modules/')) return undefined;
      const source = await readFile(path, 'utf8');
      return { contents: source.replace(/^import \{ z \} from 'zod';$/gm, "import * as z from 'zod';"), loader: 'ts' };
    });
  },
};

/** The functions in `netlify/functions/` of a project, by name. */
export async function functionEntries(root: string): Promise<Record<string, string>> {
  const dir = join(root, 'netlify/functions');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts')).sort();
  return Object.fromEntries(files.map((name) => [name.slice(0, -3), join(dir, name)]));
}

/** Bundles every function of the project at `root` into `out` (by default its own .netlify/v1/functions/), replacing earlier bundles; answers esbuild's metafile. */
export async function bundleFunctions(root: string, out = join(root, BUNDLED_FUNCTIONS)): Promise<Metafile> {
  const entries = await functionEntries(root);
  // The adapter's own function (ssr/) stays.
  await Promise.all(Object.keys(entries).map((name) => rm(join(out, `${name}.mjs`), { force: true })));
  return bundle(entries, out);
}

/** Bundles `entries` (name → source file) into `out/<name>.mjs` the way every function is bundled for a deploy (a benchmark bundles its baseline so too). */
export async function bundle(entries: Record<string, string>, out: string): Promise<Metafile> {
  const result = await build({
    entryPoints: entries,
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    // Netlify's runtime does not set NODE_ENV: without this, React would render with its development build.
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS packages in an ES module still call require() for Node's own modules.
    banner: { js: "import { createRequire as __vouchRequire } from 'node:module'; const require = __vouchRequire(import.meta.url);" },
    plugins: [zodAsNamespace],
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { root: { type: 'string', default: process.cwd() } } });
  const started = performance.now();
  const metafile = await bundleFunctions(values.root);
  const outputs = Object.values(metafile.outputs);
  const bytes = outputs.reduce((sum, output) => sum + output.bytes, 0);
  console.log(`Bundled ${outputs.length} functions into ${BUNDLED_FUNCTIONS}/ (${(bytes / 1024).toFixed(0)} KB in all) in ${Math.round(performance.now() - started)} ms`);
}

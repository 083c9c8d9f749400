// The last step of `npm run build`: each function in netlify/functions/ as one tree-shaken, minified
// ES module, .netlify/v1/functions/<name>.mjs: the folder Netlify deploys the functions a build
// writes from (its Frameworks API). Code only some requests need (the email renderer, the mail
// API's SDK) is imported when first used, so it is in the file but not run, or compiled, at start.
// netlify.toml makes that folder the functions a deploy takes; `npm start` keeps serving the sources.
//
//   node scripts/bundle-functions.ts [--root DIR]
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/**
 * Modules a function loads only when it first needs them, after its answer, bundled apart from
 * every function (`.netlify/function-modules/<name>.mjs`, which a deploy's trace ships with each function that names it), so
 * that a cold start neither reads nor compiles them: the email renderer (React Email, react-dom's
 * server renderer and the wording of every email, half of a function's code) and the Resend SDK.
 * A deploy's own bundling (zip-it-and-ship-it's) would put back into a function any module it
 * can name, so a bundled function names each by a path it builds at run time.
 */
const apart = {
  renderer: { entry: 'src/lib/adapters/renderer.ts', loader: 'src/lib/adapters/deps.ts', source: "renderer ??= import('./renderer.ts')" },
  resend: { entry: 'node_modules/resend', loader: 'src/lib/adapters/resend-mailer.ts', source: "sdk ??= import('resend')" },
} as const;

/** Where the modules apart go, from the functions' folder: beside it, not in it, where every `.mjs` file is a function. */
const APART_DIR = '../../function-modules';

/** A module apart's entry file: a file of the project, or the ES module a package exports (from the packages this script runs with). */
const entryOf = (root: string, entry: string): string =>
  entry.startsWith('node_modules/') ? fileURLToPath(import.meta.resolve(entry.slice('node_modules/'.length))) : join(root, entry);

/** In the sources that load a module apart, its import becomes one of the bundled module beside the function. */
const modulesApart: Plugin = {
  name: 'modules-apart',
  setup(esbuild) {
    for (const [name, { loader, source }] of Object.entries(apart)) {
      esbuild.onLoad({ filter: new RegExp(`${loader.replaceAll('/', '\\/').replaceAll('.', '\\.')}$`) }, async ({ path }) => {
        const text = await readFile(path, 'utf8');
        if (!text.includes(source)) throw new Error(`${loader} no longer loads the ${name} module with \`${source}\`: update \`apart\` in scripts/bundle-functions.ts`);
        const bundled = source.replace(/import\('[^']+'\)/, `import(new URL('${APART_DIR}/${name}.mjs', import.meta.url).href)`);
        return { contents: text.replaceAll(source, bundled).replace(/^import \{ z \} from 'zod';$/gm, "import * as z from 'zod';"), loader: 'ts' };
      });
    }
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
  const [functions, modules] = await Promise.all([
    bundle(entries, out),
    bundle(Object.fromEntries(Object.entries(apart).map(([name, { entry }]) => [name, entryOf(root, entry)])), join(out, APART_DIR)),
  ]);
  return { inputs: { ...functions.inputs, ...modules.inputs }, outputs: { ...functions.outputs, ...modules.outputs } };
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
    plugins: [modulesApart, zodAsNamespace],
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
  const apart = Object.keys(metafile.outputs).filter((path) => path.includes('/function-modules/')).length;
  console.log(`Bundled ${outputs.length - apart} functions into ${BUNDLED_FUNCTIONS}/ and ${apart} modules they load when first used beside it (${(bytes / 1024).toFixed(0)} KB in all) in ${Math.round(performance.now() - started)} ms`);
}

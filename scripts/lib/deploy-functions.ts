// The functions a deploy of this project would contain, zipped offline as Netlify's build zips
// them (@netlify/build's functions step): netlify.toml resolved by Netlify's own config reader for
// a deploy context, then zip-it-and-ship-it over the folders a build reads (the internal functions
// folder, the Frameworks API's .netlify/v1/functions/, where `npm run build` writes the bundles and
// the Astro adapter its SSR function, and the functions directory netlify.toml names), with the
// settings netlify.toml gives each function. Used by the function benchmarks and by the tests of
// what a deploy ships (`npm run build` first).
import { existsSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { resolveConfig } from '@netlify/config';
import { type FunctionResult, listFunctions, zipFunctions } from '@netlify/zip-it-and-ship-it';

/** A function of a deploy: its name, the file Netlify runs, and where zip-it-and-ship-it put it. */
export type DeployedFunction = FunctionResult;

type TomlFunction = { included_files?: string[]; external_node_modules?: string[]; ignored_node_modules?: string[]; node_bundler?: string; schedule?: string };

/** netlify.toml as Netlify reads it for `context` (the functions directory, and each function's settings). */
export async function deployConfig(root: string, context = 'production'): Promise<{ functionsDirectory?: string; functions: Record<string, TomlFunction> }> {
  const { config } = (await resolveConfig({ config: join(root, 'netlify.toml'), context, cwd: root, repositoryRoot: root, offline: true, mode: 'buildbot' } as never)) as {
    config: { functionsDirectory?: string; functions?: Record<string, TomlFunction> };
  };
  return { ...(config.functionsDirectory ? { functionsDirectory: config.functionsDirectory } : {}), functions: config.functions ?? {} };
}

/** What to zip: as a zip (the default) or as a folder, for which deploy context, and only some functions (by name). */
export type ZipOptions = { archiveFormat?: 'zip' | 'none'; context?: string; only?: readonly string[] };

/** Zips every function a deploy of `root` would contain (or those named in `only`) into `dest`. */
export async function zipDeployedFunctions(root: string, dest: string, { archiveFormat = 'zip', context = 'production', only }: ZipOptions = {}): Promise<DeployedFunction[]> {
  const { functionsDirectory, functions } = await deployConfig(root, context);
  const internal = join(root, '.netlify/functions-internal');
  // Each function's netlify.toml settings, as Netlify's build hands them to zip-it-and-ship-it.
  const config = Object.fromEntries(
    Object.entries(functions).map(([name, settings]) => [
      name,
      {
        includedFiles: settings.included_files,
        includedFilesBasePath: root,
        externalNodeModules: settings.external_node_modules,
        ignoredNodeModules: settings.ignored_node_modules,
        nodeBundler: settings.node_bundler === 'esbuild' ? 'esbuild_zisi' : settings.node_bundler,
        schedule: settings.schedule,
      },
    ]),
  ) as never;
  // The folders Netlify's build zips, in its order: a later function of the same name wins.
  const folders = [internal, join(root, '.netlify/v1/functions'), functionsDirectory].filter((dir): dir is string => dir !== undefined && existsSync(dir));
  const options = { archiveFormat, basePath: root, repositoryRoot: root, config, configFileDirectories: [internal] };
  if (!only) return zipFunctions(folders, dest, options);
  const winners = new Map((await listFunctions(folders, { config, configFileDirectories: [internal] })).map((fn) => [fn.name, fn.srcPath]));
  const chosen = only.map((name) => {
    const path = winners.get(name);
    if (!path) throw new Error(`A deploy of ${root} has no function ${name} (looked in ${folders.join(', ')}): run npm run build first?`);
    return path;
  });
  return zipFunctions({ user: { functions: chosen } }, dest, options);
}

/**
 * The file Netlify runs of a function zipped as a folder (`archiveFormat: 'none'`). Paths in a zip
 * start from the folder its files have in common, and a source zip-it-and-ship-it transpiles is
 * shipped as `.mjs`: the longest end of the main file's path that is in the folder.
 */
export function deployedMainFile(fn: DeployedFunction): string {
  const parts = fn.mainFile.split(sep).filter(Boolean);
  for (let i = 0; i < parts.length; i += 1) {
    const candidate = join(fn.path, ...parts.slice(i));
    for (const file of [candidate, `${candidate.slice(0, -extname(candidate).length)}.mjs`]) if (existsSync(file)) return file;
  }
  throw new Error(`${fn.mainFile} is not in ${fn.path}`);
}

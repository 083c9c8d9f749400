// The functions a deploy of this project would contain, zipped offline as Netlify's build zips
// them (@netlify/build's functions step): netlify.toml resolved by Netlify's own config reader for
// a deploy context, then zip-it-and-ship-it over the folders a build reads (the internal functions
// folder, the Frameworks API's .netlify/v1/functions/, where `npm run build` writes the bundles and
// the Astro adapter its SSR function, and the functions directory netlify.toml names), with the
// settings netlify.toml gives each function. Used by the function benchmarks and by the tests of
// what a deploy ships (`npm run build` first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@netlify/config';
import { type FunctionResult, zipFunctions } from '@netlify/zip-it-and-ship-it';

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

/** Zips every function a deploy of `root` would contain into `dest` (`archiveFormat: 'none'` leaves each as a folder). */
export async function zipDeployedFunctions(root: string, dest: string, archiveFormat: 'zip' | 'none' = 'zip', context = 'production'): Promise<DeployedFunction[]> {
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
  );
  // The folders Netlify's build zips, in its order (a later function of the same name wins).
  const folders = [internal, join(root, '.netlify/v1/functions'), functionsDirectory].filter((dir): dir is string => dir !== undefined && existsSync(dir));
  return zipFunctions(folders, dest, { archiveFormat, basePath: root, repositoryRoot: root, config: config as never, configFileDirectories: [internal] });
}

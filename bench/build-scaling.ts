// Build scaling: for each size N, generates N valid providers and builds, one after the other,
// Vouch and the bare Astro site in bench/build-scaling/baseline/ from them, each in its own
// temporary project (a copy of the build inputs, the generated content/, node_modules linked),
// under /usr/bin/time -v. Reports wall time, pages, ms per page and peak memory per site, and
// Vouch's cost relative to the bare site (goal: at most 1.3x per page; 10,000 providers must build).
//
//   npm run bench:build -- [--sizes 100,1000,10000] [--repeat 3] [--seed 1] [--without src/pages/share] [--keep] [--out bench/results/build-scaling.json]
//
// --without leaves the given build inputs (comma-separated, relative to the project) out of
// Vouch's copy: a what-if, to measure what the rest costs; the report says what was left out.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { access, cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type GeneratedProvider, generateProviders } from './build-scaling/providers.ts';
import { loadContent } from '../src/lib/content/load.ts';

const TIME = '/usr/bin/time';
const root = fileURLToPath(new URL('..', import.meta.url));
const baselineSource = join(root, 'bench/build-scaling/baseline');
/** What Vouch's build reads, besides content/ and node_modules/. */
const vouchInputs = ['astro.config.mjs', 'tsconfig.json', 'package.json', 'netlify.toml', 'src', 'public', 'netlify'];
const GOAL_RATIO = 1.3;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    repeat: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    without: { type: 'string', default: '' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results/build-scaling.json' },
  },
});
const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
const repeat = Number(values.repeat);
const seed = Number(values.seed);
const resultsFile = resolve(root, values.out);
const without = values.without
  .split(',')
  .map((path) => path.trim())
  .filter(Boolean);
if (
  sizes.some((size) => !Number.isInteger(size) || size < 1) ||
  !Number.isInteger(repeat) ||
  repeat < 1 ||
  without.some((path) => !vouchInputs.some((input) => path === input || path.startsWith(`${input}/`)))
) {
  console.error(`Usage: node bench/build-scaling.ts [--sizes 100,1000,10000] [--repeat 3] [--seed 1] [--without <paths under ${vouchInputs.join(', ')}>] [--keep] [--out bench/results/build-scaling.json]`);
  process.exit(2);
}
try {
  await access(TIME, constants.X_OK);
} catch {
  console.error(`${TIME} is missing; it measures wall time and peak memory. Install it with: apt-get install time`);
  process.exit(2);
}

type Site = 'vouch' | 'baseline';
/** Seconds spent in each part of a build, from Astro's own log (null where the log does not say). */
type Phases = {
  /** Node start, CLI and config loading: wall time minus Astro's own total. */
  startup: number | null;
  /** Integrations' config hooks (Vouch validates content/ here), content sync, types, route list. */
  setup: number | null;
  /** Vite/Rolldown bundling of the server, prerender and client environments. */
  bundle: number | null;
  /** Rendering the static pages. */
  render: number | null;
  /** The rest of building the entrypoints (moving assets, writing chunks). */
  entrypointsOther: number | null;
  /** After the entrypoints: `astro:build:done` hooks, e.g. the Netlify adapter bundling its function. */
  buildDone: number | null;
};
/** One build of one site. */
type Build = {
  providers: number;
  site: Site;
  wallSeconds: number;
  cpuSeconds: number;
  pages: number;
  msPerPage: number;
  peakRssMB: number;
  phases: Phases;
  /** The 1-minute load average just before the build: other work on the machine. */
  loadBefore: number;
};
/** A site at a size: its median build by wall time, with the highest peak memory of all its builds. */
type Result = Build & { runs: number };

const temporary: string[] = [];
let child: ReturnType<typeof spawn> | undefined;
const cleanUp = () => {
  if (values.keep) {
    if (temporary.length > 0) console.log(`Kept: ${temporary.join(' ')}`);
    return;
  }
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
    cleanUp();
    process.exit(130);
  });
}

/** A fresh temporary project for `site`, holding the generated providers. */
async function makeProject(site: Site, providers: GeneratedProvider[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `vouch-build-${site}-${providers.length}-`));
  temporary.push(dir);
  if (site === 'vouch') {
    for (const input of vouchInputs) {
      const from = join(root, input);
      if (await exists(from)) await cp(from, join(dir, input), { recursive: true, filter: (path) => !path.startsWith(join(root, 'src/generated')) });
    }
    for (const path of without) rmSync(join(dir, path), { recursive: true, force: true });
  } else {
    await cp(baselineSource, dir, { recursive: true });
  }
  await mkdir(join(dir, 'content/providers'), { recursive: true });
  await cp(join(root, 'content/site.json'), join(dir, 'content/site.json'));
  for (const { slug, markdown } of providers) await writeFile(join(dir, 'content/providers', `${slug}.md`), markdown);
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // node_modules is shared with the real project, and Astro keeps its content store (and Vite its
  // cache) under node_modules/ by default: each build gets a cold cache of its own instead.
  await writeFile(
    join(dir, 'astro.bench.config.mjs'),
    "import config from './astro.config.mjs';\n\nexport default { ...config, cacheDir: './.bench-cache/astro', vite: { ...config.vite, cacheDir: './.bench-cache/vite' } };\n",
  );
  return dir;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Builds the project in `dir` once under /usr/bin/time -v and reads the figures. */
async function build(dir: string, site: Site, providers: number): Promise<Build> {
  // A repeat starts as cold as the first build.
  for (const output of ['dist', '.netlify', '.astro', '.bench-cache', 'src/generated']) rmSync(join(dir, output), { recursive: true, force: true });
  const logFile = join(dir, 'build.log');
  const timeFile = join(dir, 'time.txt');
  const loadBefore = loadavg()[0] ?? 0;
  const log = openSync(logFile, 'w');
  const code = await new Promise<number | null>((resolve, reject) => {
    child = spawn(TIME, ['-v', '-o', timeFile, process.execPath, 'node_modules/astro/bin/astro.mjs', 'build', '--config', 'astro.bench.config.mjs'], {
      cwd: dir,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', log, log],
      detached: true,
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  child = undefined;
  closeSync(log);
  const output = await readFile(logFile, 'utf8');
  if (code !== 0) {
    const tail = output.trimEnd().split('\n').slice(-25).join('\n');
    throw new Error(`${site} build of ${providers} providers failed (exit ${code}); last lines of ${logFile}:\n${tail}`);
  }
  const time = parseTime(await readFile(timeFile, 'utf8'));
  const pages = await countPages(join(dir, 'dist'));
  return {
    providers,
    site,
    wallSeconds: time.wallSeconds,
    cpuSeconds: time.cpuSeconds,
    pages,
    msPerPage: (time.wallSeconds * 1000) / pages,
    peakRssMB: time.peakRssKB / 1024,
    phases: parsePhases(output, time.wallSeconds),
    loadBefore,
  };
}

/** Wall time, user + system CPU time and peak RSS from GNU time's verbose report. */
function parseTime(report: string) {
  const field = (label: string) => {
    const line = report.split('\n').find((l) => l.trim().startsWith(label));
    if (!line) throw new Error(`no "${label}" in the report of ${TIME}:\n${report}`);
    return line.slice(line.lastIndexOf(': ') + 2).trim();
  };
  const wall = field('Elapsed (wall clock) time')
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
  return {
    wallSeconds: wall,
    cpuSeconds: Number(field('User time (seconds)')) + Number(field('System time (seconds)')),
    peakRssKB: Number(field('Maximum resident set size (kbytes)')),
  };
}

/** Seconds of a duration as Astro prints it: "67ms", "1.49s" or "2m 3s". */
function seconds(text: string): number {
  const minutes = /^(\d+)m (\d+)s$/.exec(text);
  if (minutes) return Number(minutes[1]) * 60 + Number(minutes[2]);
  return text.endsWith('ms') ? Number(text.slice(0, -2)) / 1000 : Number(text.slice(0, -1));
}

/** Splits a build into phases using the timings Astro logs. */
function parsePhases(output: string, wallSeconds: number): Phases {
  const duration = String.raw`(\d+m \d+s|[\d.]+m?s)`;
  let heading = '';
  let setup: number | null = null;
  let render: number | null = null;
  let entrypoints: number | null = null;
  let total: number | null = null;
  let bundle = 0;
  for (const line of output.split('\n')) {
    if (/Collecting build info/.test(line)) heading = 'setup';
    else if (/static routes/.test(line)) heading = 'render';
    else if (/Building \w+ entrypoints|Rearranging server assets/.test(line)) heading = 'entrypoints';
    else if (/optimized images/.test(line)) heading = 'images';
    const vite = new RegExp(String.raw`\[vite\] ✓ built in ${duration}`).exec(line);
    if (vite?.[1]) bundle += seconds(vite[1]);
    const done = new RegExp(String.raw`✓ Completed in ${duration}`).exec(line);
    if (done?.[1]) {
      if (heading === 'setup') setup = seconds(done[1]);
      else if (heading === 'render') render = seconds(done[1]);
      else if (heading === 'entrypoints') entrypoints = seconds(done[1]);
      heading = heading === 'render' ? 'entrypoints' : '';
    }
    const end = new RegExp(String.raw`(?:Server built in|page\(s\) built in) ${duration}`).exec(line);
    if (end?.[1]) total = seconds(end[1]);
  }
  // Astro rounds what it logs, so a phase that took nothing can come out a few ms below zero.
  const round = (value: number | null) => (value === null ? null : Math.max(0, Math.round(value * 100) / 100));
  return {
    startup: round(total === null ? null : wallSeconds - total),
    setup: round(setup),
    bundle: round(bundle),
    render: round(render),
    entrypointsOther: round(entrypoints === null ? null : entrypoints - bundle - (render ?? 0)),
    buildDone: round(total === null || setup === null || entrypoints === null ? null : total - setup - entrypoints),
  };
}

/** Pages built: the index.html files under dist/ (one per route with format "directory"). */
async function countPages(dist: string): Promise<number> {
  const files = await readdir(dist, { recursive: true });
  return files.filter((file) => basename(file) === 'index.html').length;
}

/** The middle value (the lower one of the two middles for an even count). */
const median = (numbers: number[]) => [...numbers].sort((x, y) => x - y)[Math.floor((numbers.length - 1) / 2)] as number;

const started = new Date();
const builds: Build[] = [];
const results: Result[] = [];
const ratios: { providers: number; msPerPage: number; cpuPerPage: number; peakRss: number }[] = [];
try {
  for (const size of sizes) {
    const providers = generateProviders(size, seed);
    const dirs = { baseline: await makeProject('baseline', providers), vouch: await makeProject('vouch', providers) };
    // Fails here, before any build, if the generator ever writes something Vouch would refuse.
    await loadContent(join(dirs.vouch, 'content'));
    const runs: Record<Site, Build[]> = { baseline: [], vouch: [] };
    // The two sites take turns, so that whatever else the machine is doing weighs on both alike.
    for (let i = 0; i < repeat; i++) {
      for (const site of ['baseline', 'vouch'] as const) {
        process.stdout.write(`${size} providers, ${site}${repeat > 1 ? ` (${i + 1}/${repeat})` : ''}: building… `);
        const run = await build(dirs[site], site, size);
        console.log(`${run.wallSeconds.toFixed(1)} s, ${run.cpuSeconds.toFixed(1)} s CPU, ${run.pages} pages, ${run.peakRssMB.toFixed(0)} MB`);
        runs[site].push(run);
        builds.push(run);
      }
    }
    for (const site of ['baseline', 'vouch'] as const) {
      const typical = median(runs[site].map((run) => run.wallSeconds));
      const run = runs[site].find((r) => r.wallSeconds === typical) as Build;
      results.push({ ...run, peakRssMB: Math.max(...runs[site].map((r) => r.peakRssMB)), runs: runs[site].length });
    }
    // Each Vouch build is compared with the bare build just before it: the median of these
    // ratios moves much less with the machine's load than a ratio of separate averages.
    const pairs = runs.vouch.map((vouch, i) => ({ vouch, bare: runs.baseline[i] as Build }));
    ratios.push({
      providers: size,
      msPerPage: median(pairs.map(({ vouch, bare }) => vouch.msPerPage / bare.msPerPage)),
      cpuPerPage: median(pairs.map(({ vouch, bare }) => vouch.cpuSeconds / vouch.pages / (bare.cpuSeconds / bare.pages))),
      peakRss: Math.max(...runs.vouch.map((r) => r.peakRssMB)) / Math.max(...runs.baseline.map((r) => r.peakRssMB)),
    });
    if (!values.keep) {
      for (const dir of Object.values(dirs)) {
        rmSync(dir, { recursive: true, force: true });
        temporary.splice(temporary.indexOf(dir), 1);
      }
    }
  }
} finally {
  cleanUp();
}

const find = (size: number, site: Site) => results.find((run) => run.providers === size && run.site === site) as Result;
// The cost of one more page between two sizes: fixed costs (startup, bundling, the adapter) cancel out.
const marginal = sizes.slice(1).map((size, i) => {
  const previous = sizes[i] as number;
  const perPage = (site: Site) => ((find(size, site).wallSeconds - find(previous, site).wallSeconds) * 1000) / (find(size, site).pages - find(previous, site).pages);
  return { from: previous, to: size, vouchMsPerPage: perPage('vouch'), baselineMsPerPage: perPage('baseline'), ratio: perPage('vouch') / perPage('baseline') };
});
const goals = {
  perPageWithin: GOAL_RATIO,
  perPageMet: ratios.every((ratio) => ratio.msPerPage <= GOAL_RATIO),
  tenThousandBuilt: sizes.includes(10_000) ? find(10_000, 'vouch').pages >= 30_000 : null,
};

const n = (value: number, digits = 1) => value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const lines = [
  ...(without.length > 0 ? [`What-if: Vouch built without ${without.join(', ')}.`, ''] : []),
  `Median of ${repeat} build${repeat === 1 ? '' : 's'} per site and size; peak RSS is the highest seen; ratios are medians of Vouch ÷ the bare build just before it.`,
  '',
  '| providers | site | wall (s) | pages | ms/page | peak RSS (MB) | CPU (s) |',
  '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${n(r.providers, 0)} | ${r.site} | ${n(r.wallSeconds)} | ${n(r.pages, 0)} | ${n(r.msPerPage, 2)} | ${n(r.peakRssMB, 0)} | ${n(r.cpuSeconds)} |`),
  '',
  '| providers | ms/page Vouch ÷ bare | CPU/page Vouch ÷ bare | peak RSS Vouch ÷ bare | per-page goal ≤ 1.3× |',
  '| ---: | ---: | ---: | ---: | --- |',
  ...ratios.map((r) => `| ${n(r.providers, 0)} | ${n(r.msPerPage, 2)}× | ${n(r.cpuPerPage, 2)}× | ${n(r.peakRss, 2)}× | ${r.msPerPage <= GOAL_RATIO ? 'met' : 'missed'} |`),
];
if (marginal.length > 0) {
  lines.push(
    '',
    '| between | marginal ms/page Vouch | marginal ms/page bare | ratio |',
    '| --- | ---: | ---: | ---: |',
    ...marginal.map((m) => `| ${n(m.from, 0)} → ${n(m.to, 0)} | ${n(m.vouchMsPerPage, 2)} | ${n(m.baselineMsPerPage, 2)} | ${n(m.ratio, 2)}× |`),
  );
}
const phase = (value: number | null) => (value === null ? '?' : n(value));
lines.push(
  '',
  'Where the wall time goes (s), from Astro\'s log:',
  '',
  '| providers | site | startup | setup (config hooks, content sync) | bundle (Vite) | render pages | other entrypoints | build:done (adapter) |',
  '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${n(r.providers, 0)} | ${r.site} | ${phase(r.phases.startup)} | ${phase(r.phases.setup)} | ${phase(r.phases.bundle)} | ${phase(r.phases.render)} | ${phase(r.phases.entrypointsOther)} | ${phase(r.phases.buildDone)} |`),
);
console.log(`\n${lines.join('\n')}\n`);
if (builds.some((r) => r.loadBefore > 0.5)) console.log('The load average was above 0.5 before some builds (loadBefore in the JSON): other work on the machine slowed them.');

await mkdir(dirname(resultsFile), { recursive: true });
const report = {
  started: started.toISOString(),
  node: process.version,
  machine: { cpus: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30) },
  seed,
  sizes,
  without,
  results,
  ratios,
  builds,
  marginal,
  goals,
};
await writeFile(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(`Wrote ${resultsFile}`);

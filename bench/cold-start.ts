// Cold starts of the functions as a deploy ships them (zipped as Netlify's build zips them,
// scripts/lib/deploy-functions.ts, then unzipped), beside the bare baseline function
// (bench/baseline-function.ts, zipped the same way), with the 3 providers of content/ and with
// 10,000 synthetic ones (bench/build-scaling/providers.ts). Each measurement is a fresh Node
// process that imports the function's file (cold import) and answers one request (the first
// request: a referral, a link request, a dashboard sign-in, a preview image), against the real
// Blobs server in a process of its own and the tests' Resend-like server. Medians of --runs
// processes, taken in turns. The baseline is measured as Netlify deploys it (traced by nft, as
// the issue measured it) and bundled as Vouch's functions are. With --compare <git ref>, the same
// for that commit, for a before and after in one run. Tables on stdout, JSON in bench/results/cold-start.json.
//
//   npm run bench:cold -- [--sizes 3,10000] [--runs 9] [--compare <ref>] [--functions referrals,referrers,dashboard-sign-in,og]
import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { zipFunction } from '@netlify/zip-it-and-ship-it';
import { bundle } from '../scripts/bundle-functions.ts';
import { startBlobsProcess } from '../scripts/lib/blobs-server.ts';
import { type DeployedFunction, deployedMainFile, zipDeployedFunctions } from '../scripts/lib/deploy-functions.ts';
import { startResendApi } from '../tests/support/resend-api.ts';
import { generateProviders } from './build-scaling/providers.ts';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const run = promisify(execFile);

/** A request a function is asked first, as Netlify would call it. */
export type FirstRequest = { url: string; method: string; body?: string; params?: Record<string, string> };

/** One cold process: the import of `file`, then (if asked) one request answered; ms each. */
type Sample = { importMs: number; firstMs?: number; status?: number };

const child = `
const [file, request] = [process.argv[1], process.argv[2] ? JSON.parse(process.argv[2]) : null];
const work = [];
const t0 = performance.now();
const module = await import(file);
const t1 = performance.now();
let firstMs, status;
if (request) {
  const suffix = Math.random().toString(36).slice(2, 10);
  const body = request.body?.replaceAll('{unique}', suffix);
  const init = { method: request.method, headers: body ? { 'content-type': 'application/json' } : {}, ...(body ? { body } : {}) };
  const context = { params: request.params ?? {}, ip: '127.0.0.1', waitUntil: (p) => work.push(p), deploy: { context: 'production' }, site: {} };
  const response = await module.default(new Request(request.url, init), context);
  await response.arrayBuffer();
  firstMs = performance.now() - t1;
  status = response.status;
  await Promise.allSettled(work);
}
console.log(JSON.stringify({ importMs: t1 - t0, firstMs, status }));
process.exit(0);`;

/**
 * Imports `file` in a fresh Node process (and answers `request` if given): a cold start, as far as
 * the function's own code goes. Asynchronous, so that servers in this process (the mail API) answer meanwhile.
 */
export async function coldProcess(file: string, request?: FirstRequest, env: NodeJS.ProcessEnv = process.env): Promise<Sample> {
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', child, pathToFileURL(file).href, request ? JSON.stringify(request) : ''], {
      encoding: 'utf8',
      env: { ...env, NODE_ENV: 'production' },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Sample;
  } catch (error) {
    throw new Error(`cold start of ${file} failed: ${String((error as { stderr?: string }).stderr ?? error).slice(0, 800)}`);
  }
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Every file under `dir`, with its size. */
export async function walk(dir: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(entries.filter((e) => e.isFile()).map(async (e) => ({ path: join(e.parentPath, e.name), size: (await stat(join(e.parentPath, e.name))).size })));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '3,10000' },
      runs: { type: 'string', default: '9' },
      compare: { type: 'string' },
      functions: { type: 'string', default: 'referrals,referrers,dashboard-sign-in,og' },
      keep: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  const names = values.functions.split(',');
  const load = () => execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim();
  const loadAtStart = load();
  // Inside the checkout (git-ignored), on its file system, where node_modules can be hard-linked.
  const work = join(root, '.vouch', 'bench', `cold-${process.pid}`);
  await mkdir(work, { recursive: true });

  /** A copy of the code at `ref` (or this working tree), with `size` providers, generated and built as a deploy's build would. */
  async function project(label: string, ref: string | undefined, size: number): Promise<string> {
    const dir = join(work, `${label}-${size}`);
    await mkdir(dir, { recursive: true });
    if (ref) {
      execFileSync('sh', ['-c', `git -C "${root}" archive "${ref}" | tar -x -C "${dir}"`]);
    } else {
      const files = execFileSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' }).split('\0').filter(Boolean);
      for (const file of files) {
        await mkdir(dirname(join(dir, file)), { recursive: true });
        await cp(join(root, file), join(dir, file));
      }
    }
    // The project's own node_modules, as a deploy's build has it, hard-linked (no file is copied or changed).
    execFileSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
    if (size !== 3) {
      await rm(join(dir, 'content/providers'), { recursive: true, force: true });
      await mkdir(join(dir, 'content/providers'), { recursive: true });
      for (const { slug, markdown } of generateProviders(size)) await writeFile(join(dir, 'content/providers', `${slug}.md`), markdown);
    }
    execFileSync(process.execPath, ['scripts/generate-content.ts'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    // The bundles of `npm run build` (the adapter's SSR function is not measured here, so astro build is not run).
    if (await stat(join(dir, 'scripts/bundle-functions.ts')).catch(() => null)) {
      execFileSync(process.execPath, ['scripts/bundle-functions.ts', '--root', dir], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return dir;
  }

  /**
   * The provider a first request is about, and its notification address: one that notifies no
   * other provider, as Jane Okafor's does (a sign-in mails every provider an address notifies).
   */
  const subjectOf = (size: number) => {
    if (size === 3) return { slug: 'jane-okafor', address: 'jane@example.com' };
    const providers = generateProviders(size).map(({ slug, markdown }) => ({ slug, address: /notify:\n {2}- (\S+)/.exec(markdown)?.[1] ?? '' }));
    const notifies = (address: string) => providers.filter((p) => p.address === address).length;
    return providers.slice(Math.floor(size / 2)).find((p) => notifies(p.address) === 1) ?? providers[0]!;
  };
  const requestFor = (name: string, size: number): FirstRequest => {
    const { slug, address } = subjectOf(size);
    const base = 'https://vouch.test';
    switch (name) {
      case 'referrals':
        return { url: `${base}/api/referrals`, method: 'POST', body: JSON.stringify({ provider: slug, name: 'Cold Start', email: 'cold.{unique}@example.org', message: 'The first request after a cold start.', consent: true }) };
      case 'referrers':
        return { url: `${base}/api/referrers`, method: 'POST', body: JSON.stringify({ provider: slug, name: 'Cold Start', email: 'cold.{unique}@example.org' }) };
      case 'dashboard-sign-in':
        return { url: `${base}/api/dashboard/sign-in`, method: 'POST', body: JSON.stringify({ email: address }) };
      case 'og':
        // The photo is fetched from the site itself, which is not there: drawn without it, the same at every size.
        return { url: `http://127.0.0.1:9/og/${slug}.png`, method: 'GET', params: { slug } };
      case 'baseline-function':
        return { url: `${base}/api/baseline`, method: 'POST', body: JSON.stringify({ provider: slug, email: 'cold.{unique}@example.org' }) };
      default:
        throw new Error(`no first request for ${name}`);
    }
  };

  type Cell = { code: string; size: number; name: string; file: string; zipBytes: number; files: number; samples: Sample[] };
  const cells: Cell[] = [];
  const codes: { label: string; ref?: string }[] = [{ label: 'now' }, ...(values.compare ? [{ label: values.compare, ref: values.compare }] : [])];
  try {
    const baselineZip = await zipFunction(join(root, 'bench/baseline-function.ts'), join(work, 'baseline-zip'), { basePath: root, repositoryRoot: root });
    const baselineDir = await zipFunction(join(root, 'bench/baseline-function.ts'), join(work, 'baseline'), { basePath: root, repositoryRoot: root, archiveFormat: 'none' });
    if (!baselineZip || !baselineDir) throw new Error('could not zip the baseline function');
    cells.push({ code: 'baseline', size: 0, name: 'baseline-function', file: deployedMainFile(baselineDir), zipBytes: (await stat(baselineZip.path)).size, files: (await walk(baselineDir.path)).length, samples: [] });
    // The same bare function bundled as Vouch's are (scripts/bundle-functions.ts), then zipped: a yardstick that takes bundling out of the comparison.
    const bundled = join(work, 'baseline-bundled');
    await bundle({ 'baseline-function': join(root, 'bench/baseline-function.ts') }, bundled);
    const bundledZip = await zipFunction(join(bundled, 'baseline-function.mjs'), join(work, 'baseline-bundled-zip'), { basePath: root, repositoryRoot: root });
    const bundledDir = await zipFunction(join(bundled, 'baseline-function.mjs'), join(work, 'baseline-bundled-dir'), { basePath: root, repositoryRoot: root, archiveFormat: 'none' });
    if (!bundledZip || !bundledDir) throw new Error('could not zip the bundled baseline function');
    cells.push({ code: 'baseline, bundled', size: 0, name: 'baseline-function', file: deployedMainFile(bundledDir), zipBytes: (await stat(bundledZip.path)).size, files: (await walk(bundledDir.path)).length, samples: [] });
    for (const { label, ref } of codes) {
      for (const size of sizes) {
        const dir = await project(label.replace(/[^\w.-]/g, '_'), ref, size);
        const zips = await zipDeployedFunctions(dir, join(dir, '.bench-zips'), { only: names });
        const folders: DeployedFunction[] = await zipDeployedFunctions(dir, join(dir, '.bench-deploy'), { archiveFormat: 'none', only: names });
        for (const fn of folders) {
          cells.push({
            code: label,
            size,
            name: fn.name,
            file: deployedMainFile(fn),
            zipBytes: (await stat(zips.find((z) => z.name === fn.name)!.path)).size,
            files: (await walk(fn.path)).length,
            samples: [],
          });
        }
        console.error(`${label}, ${size} providers: zipped ${folders.map((f) => f.name).join(', ')}`);
      }
    }

    const api = await startResendApi();
    const blobs = await startBlobsProcess({ latencyMs: 0 });
    const env: NodeJS.ProcessEnv = { ...process.env, RESEND_API_KEY: api.apiKey, RESEND_BASE_URL: api.url, VOUCH_BASE_URL: 'https://vouch.test', VOUCH_SECRET: 'cold-start-benchmark-secret-0123456789abcdef' };
    delete env.MAILBOX_DIR;
    try {
      for (let round = 0; round < runs; round += 1) {
        for (const cell of cells) {
          const sample = await coldProcess(cell.file, requestFor(cell.name, cell.size || 3), env);
          if (sample.status === undefined || sample.status >= 400) throw new Error(`${cell.code} ${cell.name} (${cell.size}) answered ${sample.status}`);
          cell.samples.push(sample);
        }
        console.error(`round ${round + 1}/${runs} done`);
      }
    } finally {
      await blobs.stop();
      await api.close();
    }

    const loadAtEnd = load();
    const row = (cell: Cell) => ({
      code: cell.code,
      function: cell.name,
      providers: cell.size || undefined,
      zipBytes: cell.zipBytes,
      files: cell.files,
      importMs: Number(median(cell.samples.map((s) => s.importMs)).toFixed(1)),
      firstRequestMs: Number(median(cell.samples.map((s) => s.firstMs ?? Number.NaN)).toFixed(1)),
      status: cell.samples[0]?.status,
    });
    const rows = cells.map(row);
    const [base, bundledBase] = [rows[0]!, rows[1]!];
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const lines = [
      `Cold starts, ${runs} processes each (median), load average ${loadAtStart} at the start and ${loadAtEnd} at the end.\n`,
      '| code | function | providers | zip | files | cold import | first request | import ÷ baseline | import + first ÷ baseline | import ÷ bundled baseline |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) =>
        `| ${r.code} | ${r.function} | ${r.providers?.toLocaleString('en') ?? ''} | ${r.zipBytes.toLocaleString('en')} B | ${r.files.toLocaleString('en')} | ${r.importMs} ms | ${r.firstRequestMs} ms | ${ratio(r.importMs, base.importMs)} | ${ratio(r.importMs + r.firstRequestMs, base.importMs + base.firstRequestMs)} | ${ratio(r.importMs, bundledBase.importMs)} |`,
      ),
      '',
      '| code | function | cold import, largest ÷ 3 providers | first request, largest ÷ 3 providers |',
      '| --- | --- | ---: | ---: |',
      ...codes.flatMap(({ label }) =>
        names.map((name) => {
          const [small, large] = [3, Math.max(...sizes)].map((size) => rows.find((r) => r.code === label && r.function === name && r.providers === size));
          return small && large ? `| ${label} | ${name} | ${ratio(large.importMs, small.importMs)} | ${ratio(large.firstRequestMs, small.firstRequestMs)} |` : '';
        }),
      ),
    ];
    console.log(lines.filter(Boolean).join('\n'));
    const results = join(root, 'bench/results');
    await mkdir(results, { recursive: true });
    await writeFile(join(results, 'cold-start.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, loadAtStart, loadAtEnd, rows }, null, 2)}\n`);
    console.log('JSON: bench/results/cold-start.json');
  } finally {
    if (!values.keep) await rm(work, { recursive: true, force: true });
  }
}

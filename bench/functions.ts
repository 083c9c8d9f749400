// Functions benchmark. (1) Vouch's POST /api/referrals against a bare baseline function
// (bench/baseline-function.ts: one blob, one email) under the same load, each behind a plain Node
// HTTP server on loopback as in bench/load.ts, with the real Blobs server and the tests' local
// Resend API; at concurrency 1 and under load: throughput, latency, round-trips per submission,
// the time from a submission to its email reaching the mail API, and lost submissions (must be 0).
// (2) Every function as a deploy ships it (zipped offline as Netlify's build zips it,
// scripts/lib/deploy-functions.ts), the adapter's catch-all SSR function included, and its 404
// against a static one. Tables on stdout, JSON in bench/results/.
//
//   npm run bench:functions -- [--requests 500] [--concurrency 50] [--rtt-ms 0] [--ssr-calls 500]
//                              [--only load,bundles,ssr] [--targets baseline,vouch,vouch+ref]
//                              [--blobs process|in-process]
//
// --rtt-ms delays every Blobs and mail API call by that much, as a network between the function
// and those services would (loopback has none); --blobs runs the Blobs server in its own process
// (the default: on Netlify its CPU is not the function's) or in this one; the SSR section needs
// `npm run build` first.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { zipFunction } from '@netlify/zip-it-and-ship-it';
import referralsFunction from '../netlify/functions/referrals.ts';
import referrersFunction from '../netlify/functions/referrers.ts';
import { createDeps } from '../src/lib/adapters/deps.ts';
import { THANKS_PER_LINK_PER_DAY } from '../src/lib/domain/referral-intake.ts';
import { drainOutbox } from '../src/lib/domain/use-cases/drain-outbox.ts';
import { startResendApi } from '../tests/support/resend-api.ts';
import baselineFunction from './baseline-function.ts';
import { startBlobs, startBlobsProcess } from '../scripts/lib/blobs-server.ts';
import { startBlobsProxy } from './blobs-proxy.ts';
import { deployedMainFile, zipDeployedFunctions } from '../scripts/lib/deploy-functions.ts';

/** A Blobs server in a process of its own (as on Netlify), or in this one. */
// In a process of its own, it answers a read with the blob's version as Netlify does (bench/blobs-etag.ts).
const startBenchBlobs = (where: 'process' | 'in-process') =>
  where === 'process' ? startBlobsProcess({ latencyMs: 0, imports: [new URL('./blobs-etag.ts', import.meta.url).href] }) : startBlobs();
import { countLost } from './load.ts';
import { afterAnswers, serveFunctions } from '../scripts/lib/serve-functions.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '50' },
    'rtt-ms': { type: 'string', default: '0' },
    'ssr-calls': { type: 'string', default: '500' },
    only: { type: 'string', default: 'load,bundles,ssr' },
    targets: { type: 'string', default: 'baseline,vouch,vouch+ref' },
    /** Where the Blobs server runs: its own process (as on Netlify, someone else's CPU) or this one. */
    blobs: { type: 'string', default: 'process' },
  },
});
const requests = Number(values.requests);
const loadConcurrency = Number(values.concurrency);
const rttMs = Number(values['rtt-ms']);
const ssrCalls = Number(values['ssr-calls']);
const sections = new Set(values.only.split(','));
const blobsWhere = values.blobs === 'in-process' ? 'in-process' : 'process';
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const PROVIDER = 'jane-okafor';
/** Referrals per personal link; at most THANKS_PER_LINK_PER_DAY, so that every one earns a thank-you. */
const PER_LINK = Math.min(5, THANKS_PER_LINK_PER_DAY);

// ---------------------------------------------------------------- helpers

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const percentiles = (values: number[], digits = 1) => {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (n: number) => Number(n.toFixed(digits));
  return { p50: r(pct(sorted, 50)), p90: r(pct(sorted, 90)), p99: r(pct(sorted, 99)), max: r(sorted.at(-1) ?? Number.NaN) };
};
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
const median = (values: number[]) => pct([...values].sort((a, b) => a - b), 50);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// ---------------------------------------------------------------- I/O accounting

/** Every call the functions make to Blobs or the mail API, counted and timed: mail calls through the global fetch, Blobs calls by a proxy (bench/blobs-proxy.ts). */
type Call = { service: 'blobs' | 'mail'; kind: string; start: number; end: number; what?: string };
let calls: Call[] = [];
const services = { mail: '' };
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!services.mail || !url.startsWith(services.mail)) return realFetch(input, init);
  const log = calls;
  const start = performance.now();
  if (rttMs > 0) await sleep(rttMs);
  try {
    return await realFetch(input, init);
  } finally {
    const key = new Headers(init?.headers).get('idempotency-key');
    log.push({ service: 'mail', kind: 'send', start, end: performance.now(), ...(key ? { what: `mail ${key}` } : {}) });
  }
};

/** Time covered by at least one of the intervals. */
function busy(intervals: Call[]): number {
  let total = 0;
  let until = Number.NEGATIVE_INFINITY;
  for (const { start, end } of [...intervals].sort((a, b) => a.start - b.start)) {
    if (end <= until) continue;
    total += end - Math.max(start, until);
    until = end;
  }
  return total;
}

/** A submission's calls in the order they started, its own id and other long tokens (codes, digests) as placeholders. */
function callByCall(shot: Shot): { beforeAnswer: boolean; kind: string; what: string }[] {
  const general = (what: string) => (shot.id ? what.replaceAll(shot.id, '<id>') : what).replace(/[A-Za-z0-9_-]{16,}/g, '<…>');
  return [...(shot.calls ?? [])]
    .sort((a, b) => a.start - b.start)
    .map((call) => ({ beforeAnswer: call.end <= shot.started + shot.ms, kind: call.kind, what: general(call.what ?? call.service) }));
}

/** The longest chain of calls each started after the previous one ended: the round-trips a request waits for one after another. */
function chain(log: Call[]): number {
  const sorted = [...log].sort((a, b) => a.end - b.end);
  const depth: number[] = [];
  sorted.forEach((call, i) => {
    let before = 0;
    for (let j = 0; j < i; j += 1) if (sorted[j]!.end <= call.start) before = Math.max(before, depth[j]!);
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}

// ---------------------------------------------------------------- services and servers

const arrivals = new Map<string, number>();
const api = await startResendApi({ onSend: (email) => email.idempotencyKey && arrivals.set(email.idempotencyKey, performance.now()) });
services.mail = api.url;
Object.assign(process.env, { RESEND_API_KEY: api.apiKey, RESEND_BASE_URL: api.url, VOUCH_BASE_URL: 'http://127.0.0.1' });
delete process.env.MAILBOX_DIR;

/** Work a function left running after its answer through `context.waitUntil`, as Netlify lets it. */
const background = afterAnswers();
const { waitUntil } = background;
type Shot = { status: number; id?: string; started: number; ms: number; calls?: Call[] };
const post = async (url: string, body: unknown): Promise<Shot> => {
  const started = performance.now();
  try {
    const res = await realFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { id?: string };
    return { status: res.status, ...(json.id ? { id: json.id } : {}), started, ms: performance.now() - started };
  } catch {
    return { status: 0, started, ms: performance.now() - started };
  }
};

/** Posts bodies `from..from+count-1` with `concurrency` clients; at concurrency 1 each shot carries its own I/O. */
async function drive(url: string, body: (i: number) => unknown, from: number, count: number, concurrency: number): Promise<Shot[]> {
  const shots: Shot[] = [];
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < from + count) {
        const i = next++;
        if (concurrency > 1) {
          shots.push(await post(url, body(i)));
          continue;
        }
        const before = calls;
        calls = [];
        const shot = await post(url, body(i));
        // One request at a time, as one function instance: the next waits for this one's work after the answer.
        await background.settled();
        shot.calls = calls;
        calls = before;
        shots.push(shot);
      }
    }),
  );
  return shots;
}

// ---------------------------------------------------------------- load cases

type Target = 'baseline' | 'vouch' | 'vouch+ref';
const run = Date.now().toString(36);
const targets: { name: Target; route: string; email: string; what: string }[] = [
  { name: 'baseline', route: '/api/baseline', email: 'provider-alert', what: 'one blob, one email' },
  { name: 'vouch', route: '/api/referrals', email: 'provider-alert', what: 'no ref: 2 emails' },
  { name: 'vouch+ref', route: '/api/referrals', email: 'referrer-thanks', what: `valid ref (${PER_LINK} referrals per link): 3 emails` },
];

/** Creates referrers through POST /api/referrers and reads each code from its link email. */
async function createReferrers(base: string, count: number, tag: string): Promise<string[]> {
  const addresses = Array.from({ length: count }, (_, k) => `referrer.${run}.${tag}.${k}@example.org`);
  const shots = await drive(`${base}/api/referrers`, (k) => ({ provider: PROVIDER, name: `Ref Errer${k}`, email: addresses[k] }), 0, count, Math.min(20, count));
  if (shots.some((s) => s.status !== 202)) throw new Error('could not create the referrers');
  await background.settled();
  const codes = new Map<string, string>();
  for (const email of api.sent) {
    const to = Array.isArray(email.body.to) ? email.body.to[0] : email.body.to;
    const code = /\/r\/([\w-]{22})\b/.exec(email.body.text ?? email.body.html ?? '')?.[1];
    if (to && code && email.idempotencyKey?.startsWith('link-')) codes.set(to, code);
  }
  return addresses.map((address) => {
    const code = codes.get(address);
    if (!code) throw new Error(`no link email for ${address}`);
    return code;
  });
}

type CaseReport = {
  target: Target;
  concurrency: number;
  requests: number;
  seconds: number;
  throughput: number;
  latencyMs: ReturnType<typeof percentiles>;
  /** From the request's start to its `email` reaching the mail API. */
  toMailApiMs: ReturnType<typeof percentiles> & { email: string };
  /** Process CPU (driver, function, Blobs and mail servers together) per request; meaningful under load, when the process is busy. */
  cpuMsPerRequest: number;
  /** Mean calls per submission, Blobs calls by kind; at concurrency 1, the longest chain of calls made one after another. */
  perSubmission: { blobCalls: number; mailCalls: number; kinds: Record<string, number>; sequentialRoundTrips?: number; sequentialRoundTripsWithDelivery?: number; kindMeanMs?: Record<string, number> };
  /** At concurrency 1, mean ms per submission: waiting for Blobs, for the mail API, and everything else (CPU, HTTP). */
  breakdownMs?: { blobs: number; mail: number; other: number; perBlobCall: number; perMailCall: number };
  /** At concurrency 1, the last submission's calls in order: before its answer or after, kind, and what it read or wrote (ids as placeholders). */
  oneSubmission?: { beforeAnswer: boolean; kind: string; what: string }[];
  errors: number;
  /** Acknowledged, but stored or emailed only by the scheduler's run after the burst (its work after the answer failed: the local Blobs server answers 500s under load). */
  late: number;
  /** Acknowledged but not stored, or an email that never reached the mail API, even after the scheduler's run. */
  lost: number;
};

async function runCase(target: (typeof targets)[number], concurrency: number, servers: Record<'vouch' | 'baseline', string>): Promise<CaseReport> {
  const blobs = await startBenchBlobs(blobsWhere);
  // Every Blobs call, the baseline's and Vouch's alike, held rttMs and counted on its way.
  const proxy = await startBlobsProxy(blobs.url, { delay: rttMs, onCall: (call) => calls.push({ service: 'blobs', ...call }) });
  try {
    const base = target.name === 'baseline' ? servers.baseline : servers.vouch;
    const warm = Math.min(50, Math.max(10, concurrency));
    const tag = `${target.name}.${concurrency}`;
    const codes = target.name === 'vouch+ref' ? await createReferrers(servers.vouch, Math.ceil((warm + requests) / PER_LINK), tag) : [];
    const body = (i: number) => ({
      provider: PROVIDER,
      ...(codes.length ? { ref: codes[Math.floor(i / PER_LINK)] } : {}),
      name: `Load Tester${i}`,
      email: `load.${run}.${tag}.${i}@example.org`,
      message: 'Checking that nothing is lost under load.',
      consent: true,
    });
    const url = `${base}${target.route}`;
    await drive(url, body, 0, warm, concurrency);

    calls = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    const shots = await drive(url, body, warm, requests, concurrency);
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const all = concurrency > 1 ? calls : shots.flatMap((s) => s.calls ?? []);
    /** A shot's calls made before its answer: what the person submitting waits for. */
    const answered = (s: Shot) => (s.calls ?? []).filter((c) => c.end <= s.started + s.ms);

    await background.settled();
    const acknowledged = shots.filter((s) => s.status === 201 && s.id);
    // bench/load.ts's check; here a referral through a link also owes its referrer a thank-you.
    const owed = () =>
      countLost(
        acknowledged.map((s) => s.id!),
        api.sent,
        target.name === 'baseline'
          ? { store: 'baseline-referrals', emails: ['provider-alert'] }
          : { emails: ['provider-alert', 'referee-confirmation', ...(target.name === 'vouch+ref' ? ['referrer-thanks'] : [])] },
      );
    const late = await owed();
    // What the work after an answer could not finish, the scheduler does: its runs, one a minute,
    // from three minutes later (past the intake marks' grace and the outbox's first backoff); a
    // run sends at most 30 emails, so a burst's leftovers take a few.
    let lost = late;
    for (let minute = 3; lost > 0 && target.name !== 'baseline' && minute < 30; minute++) {
      await drainOutbox({ ...createDeps(), clock: { now: () => new Date(Date.now() + minute * 60_000) } }, { pause: async () => {} });
      lost = await owed();
    }
    const toMail = acknowledged.flatMap((s) => {
      const at = arrivals.get(`${s.id}-${target.email}`);
      return at === undefined ? [] : [at - s.started];
    });
    // What the fake kept is no longer needed; kept, it would slow the next cases' garbage collection.
    api.sent.length = 0;
    arrivals.clear();
    const n = shots.length;
    return {
      target: target.name,
      concurrency,
      requests: n,
      seconds: round(seconds, 2),
      throughput: round(n / seconds),
      latencyMs: percentiles(shots.map((s) => s.ms)),
      toMailApiMs: { email: target.email, ...percentiles(toMail) },
      cpuMsPerRequest: round((user + system) / 1000 / n, 2),
      perSubmission: {
        blobCalls: round(all.filter((c) => c.service === 'blobs').length / n),
        mailCalls: round(all.filter((c) => c.service === 'mail').length / n),
        kinds: Object.fromEntries(
          [...new Set(all.map((c) => c.kind))].sort().map((kind) => [kind, round(all.filter((c) => c.kind === kind).length / n)]),
        ),
        ...(concurrency === 1
          ? {
              sequentialRoundTrips: round(mean(shots.map((s) => chain(answered(s))))),
              sequentialRoundTripsWithDelivery: round(mean(shots.map((s) => chain(s.calls ?? [])))),
              kindMeanMs: Object.fromEntries(
                [...new Set(all.map((c) => c.kind))].sort().map((kind) => [kind, round(mean(all.filter((c) => c.kind === kind).map((c) => c.end - c.start)), 2)]),
              ),
            }
          : {}),
      },
      ...(concurrency === 1
        ? {
            breakdownMs: {
              blobs: round(mean(shots.map((s) => busy(answered(s).filter((c) => c.service === 'blobs'))))),
              mail: round(mean(shots.map((s) => busy(answered(s).filter((c) => c.service === 'mail'))))),
              other: round(mean(shots.map((s) => s.ms - busy(answered(s))))),
              perBlobCall: round(mean(all.filter((c) => c.service === 'blobs').map((c) => c.end - c.start)), 2),
              perMailCall: round(mean(all.filter((c) => c.service === 'mail').map((c) => c.end - c.start)), 2),
            },
          }
        : {}),
      ...(concurrency === 1 && shots.at(-1)?.calls ? { oneSubmission: callByCall(shots.at(-1)!) } : {}),
      errors: shots.filter((s) => s.status !== 201).length,
      late: late - lost,
      lost,
    };
  } finally {
    await proxy.close();
    await blobs.stop();
  }
}

// ---------------------------------------------------------------- bundles

type Bundle = {
  name: string;
  source: string;
  bundler: string;
  zipBytes: number;
  unzippedBytes: number;
  files: number;
  /** Unzipped bytes by part: Netlify's own bootstrap and telemetry files, the function's code, its node_modules. */
  parts: { platform: number; code: number; nodeModules: number };
  cold?: { importMs: number; firstResponseMs?: number; processMs: number };
};

async function walk(dir: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      return e.isFile() ? [{ path, size: (await stat(path)).size }] : [];
    }),
  );
  return nested.flat();
}

/** Imports a module in a fresh Node process (and calls it once with a 404 if asked): a cold start's module cost. */
function coldStart(file: string, call404: boolean, runs = 7) {
  const code = `
    const t0 = performance.now();
    const m = await import(${JSON.stringify(pathToFileURL(file).href)});
    const t1 = performance.now();
    let first;
    if (${call404}) { const r = await m.default(new Request('http://127.0.0.1/no-such-page/'), { ip: '127.0.0.1', params: {}, waitUntil() {} }); await r.text(); first = performance.now() - t1; }
    console.log(JSON.stringify({ importMs: t1 - t0, first }));
    process.exit(0);`;
  const samples = Array.from({ length: runs }, () => {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    const processMs = performance.now() - started;
    if (child.status !== 0) throw new Error(`cold start of ${file} failed: ${child.stderr.slice(0, 500)}`);
    const out = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { importMs: number; first?: number };
    return { ...out, processMs };
  });
  const first = samples.flatMap((s) => (s.first === undefined ? [] : [s.first]));
  return {
    importMs: round(median(samples.map((s) => s.importMs))),
    ...(first.length ? { firstResponseMs: round(median(first)) } : {}),
    processMs: round(median(samples.map((s) => s.processMs))),
  };
}

/**
 * Copies the build's SSR function and 404 page aside first, so that a build running meanwhile
 * cannot change them half-way; answers null without a complete build.
 */
async function snapshotBuild(work: string): Promise<{ functions: string; notFoundPage: string; builtAt: string } | null> {
  const functions = join(work, 'build/functions');
  const notFoundPage = join(work, 'build/404.html');
  try {
    const builtAt = (await stat(join(root, '.netlify/v1/functions/ssr/ssr.mjs'))).mtime.toISOString();
    await cp(join(root, '.netlify/v1/functions'), functions, { recursive: true });
    await cp(join(root, 'dist/404.html'), notFoundPage);
    const entry = /from '\.\/([^']+)'/.exec(await readFile(join(functions, 'ssr/ssr.mjs'), 'utf8'))?.[1];
    if (!entry) return null;
    await stat(join(functions, 'ssr', entry));
    return { functions, notFoundPage, builtAt };
  } catch {
    return null;
  }
}

async function measureBundles(work: string, built: Awaited<ReturnType<typeof snapshotBuild>>) {
  // What a deploy ships, zipped as Netlify's build zips it (the bundles of `npm run build` and the
  // adapter's SSR function), and the baseline zipped the same way.
  if (!built) throw new Error('the bundles section needs `npm run build` first');
  const zipped = await zipDeployedFunctions(root, join(work, 'zip'));
  const unzipped = await zipDeployedFunctions(root, join(work, 'dir'), { archiveFormat: 'none' });
  const baseZip = await zipFunction(join(root, 'bench/baseline-function.ts'), join(work, 'zip'), { basePath: root, repositoryRoot: root, archiveFormat: 'zip' });
  const baseDir = await zipFunction(join(root, 'bench/baseline-function.ts'), join(work, 'dir'), { basePath: root, repositoryRoot: root, archiveFormat: 'none' });
  if (baseZip) zipped.push(baseZip);
  if (baseDir) unzipped.push(baseDir);

  const bundles: Bundle[] = [];
  for (const z of zipped) {
    const dir = unzipped.find((u) => u.name === z.name);
    if (!dir) continue;
    const files = await walk(dir.path);
    const parts = { platform: 0, code: 0, nodeModules: 0 };
    for (const f of files) {
      const rel = relative(dir.path, f.path);
      if (rel.startsWith('___netlify-')) parts.platform += f.size;
      else if (rel.split('/').includes('node_modules')) parts.nodeModules += f.size;
      else parts.code += f.size;
    }
    const source = relative(root, z.mainFile);
    const bundle: Bundle = {
      name: z.name,
      source,
      bundler: z.bundler ?? 'none',
      zipBytes: (await stat(z.path)).size,
      unzippedBytes: files.reduce((s, f) => s + f.size, 0),
      files: files.length,
      parts,
    };
    bundle.cold = coldStart(deployedMainFile(dir), z.name === 'ssr');
    bundles.push(bundle);
  }

  let ssrOnDisk: { bytes: number; diskBlocksBytes: number; files: number; builtAt: string } | null = null;
  if (built) {
    const files = await walk(join(built.functions, 'ssr'));
    const du = spawnSync('du', ['-sk', join(built.functions, 'ssr')], { encoding: 'utf8' });
    ssrOnDisk = {
      bytes: files.reduce((s, f) => s + f.size, 0),
      diskBlocksBytes: Number.parseInt(du.stdout, 10) * 1024,
      files: files.length,
      builtAt: built.builtAt,
    };
  }
  const ssr = unzipped.find((u) => u.name === 'ssr');
  return { bundles, ssrOnDisk, ssrMain: ssr ? deployedMainFile(ssr) : undefined };
}

// ---------------------------------------------------------------- SSR 404 vs static

async function measureSsr(ssrMain: string, notFoundPage: string, servers: Record<'vouch' | 'baseline', string>) {
  const { default: ssr } = (await import(pathToFileURL(ssrMain).href)) as {
    default: (req: Request, ctx: unknown) => Promise<Response>;
  };
  // The handler reads `context.ip` and hands the whole context to pages as `Astro.locals.netlify.context`.
  const context = () => ({ ip: '127.0.0.1', requestId: 'bench', params: {}, geo: {}, deploy: { context: 'production' }, site: {}, waitUntil() {} });
  const time = async (count: number, once: () => Promise<number>) => {
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i += 1) await once();
    const ms: number[] = [];
    const before = calls;
    calls = [];
    for (let i = 0; i < count; i += 1) {
      const t = performance.now();
      statuses.add(await once());
      ms.push(performance.now() - t);
    }
    const blobCalls = round(calls.filter((c) => c.service === 'blobs').length / count);
    calls = before;
    return { ...percentiles(ms, 2), statuses: [...statuses], blobCalls };
  };
  const viaSsr = (path: string) => async () => {
    const res = await ssr(new Request(`http://127.0.0.1${path}`), context());
    await res.text();
    return res.status;
  };
  const staticNotFound = async () => {
    const res = new Response(await readFile(notFoundPage), { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
    await res.text();
    return res.status;
  };

  const blobs = await startBenchBlobs(blobsWhere);
  // Every Blobs call, the baseline's and Vouch's alike, held rttMs and counted on its way.
  const proxy = await startBlobsProxy(blobs.url, { delay: rttMs, onCall: (call) => calls.push({ service: 'blobs', ...call }) });
  try {
    const [code] = await createReferrers(servers.vouch, 1, 'ssr');
    return {
      notFoundViaSsr: await time(ssrCalls, viaSsr('/no-such-page/')),
      notFoundStatic: await time(ssrCalls, staticNotFound),
      personalLinkViaSsr: await time(ssrCalls, viaSsr(`/r/${code}`)),
      unknownLinkViaSsr: await time(ssrCalls, viaSsr('/r/AAAAAAAAAAAAAAAAAAAAAA')),
    };
  } finally {
    await proxy.close();
    await blobs.stop();
  }
}

// ---------------------------------------------------------------- run

const vouchServer = await serveFunctions({ '/api/referrals': referralsFunction, '/api/referrers': referrersFunction }, { waitUntil });
const baselineServer = await serveFunctions({ '/api/baseline': baselineFunction }, { waitUntil });
const servers = { vouch: vouchServer.base, baseline: baselineServer.base };
const work = await mkdtemp(join(tmpdir(), 'vouch-functions-'));
const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  requests,
  rttMs,
  perLink: PER_LINK,
};
const out: string[] = [];
// Taken first: the builds of other scripts may replace .netlify/ while the load runs.
const built = sections.has('bundles') || sections.has('ssr') ? await snapshotBuild(work) : null;

try {
  if (sections.has('load')) {
    const cases: CaseReport[] = [];
    for (const concurrency of new Set([1, loadConcurrency])) {
      for (const target of targets.filter((t) => values.targets.split(',').includes(t.name))) {
        const c = await runCase(target, concurrency, servers);
        console.error(`${target.name} c=${concurrency}: ${c.throughput} req/s, p50 ${c.latencyMs.p50} ms, p99 ${c.latencyMs.p99} ms, late ${c.late}, lost ${c.lost}`);
        cases.push(c);
      }
    }
    const find = (t: Target, c: number) => cases.find((x) => x.target === t && x.concurrency === c)!;
    const ratios = cases
      .filter((c) => c.target !== 'baseline')
      .map((c) => {
        const b = find('baseline', c.concurrency);
        return {
          target: c.target,
          concurrency: c.concurrency,
          p50: round(c.latencyMs.p50 / b.latencyMs.p50, 2),
          p99: round(c.latencyMs.p99 / b.latencyMs.p99, 2),
          throughput: round(c.throughput / b.throughput, 2),
        };
      });
    const thanks = cases.filter((c) => c.target === 'vouch+ref');
    const goals = {
      ratioAtMost: 1.3,
      ratioMet: ratios.every((r) => r.p50 <= 1.3 && r.p99 <= 1.3),
      thanksP99UnderMs: 1000,
      thanksMet: thanks.every((c) => c.toMailApiMs.p99 < 1000),
      lostZero: cases.every((c) => c.lost === 0),
    };
    Object.assign(report, { cases, ratios, goals });

    out.push(
      `## Load: ${requests} requests per case${rttMs ? `, ${rttMs} ms simulated round-trip to Blobs and the mail API` : ''}\n`,
      table(
        ['function', 'conc.', 'req/s', 'p50', 'p90', 'p99', 'email at mail API p50 / p99', 'process CPU/req', 'errors', 'finished by the scheduler', 'lost'],
        cases.map((c) => [
          `${c.target} (${targets.find((t) => t.name === c.target)!.what})`,
          c.concurrency,
          c.throughput,
          `${c.latencyMs.p50} ms`,
          `${c.latencyMs.p90} ms`,
          `${c.latencyMs.p99} ms`,
          `${c.toMailApiMs.email}: ${c.toMailApiMs.p50} / ${c.toMailApiMs.p99} ms`,
          c.concurrency > 1 ? `${c.cpuMsPerRequest} ms` : '—',
          c.errors,
          c.late,
          c.lost,
        ]),
      ),
      '',
      table(
        ['ratio to baseline', 'conc.', 'p50', 'p99', 'throughput'],
        ratios.map((r) => [r.target, r.concurrency, `${r.p50}×`, `${r.p99}×`, `${r.throughput}×`]),
      ),
      '',
      table(
        ['per submission (conc. 1)', 'Blobs calls', 'mail calls', 'one after another: to the answer (with delivery)', 'waiting on Blobs', 'on mail API', 'everything else', 'per Blobs call', 'calls by kind'],
        cases
          .filter((c) => c.breakdownMs)
          .map((c) => [
            c.target,
            c.perSubmission.blobCalls,
            c.perSubmission.mailCalls,
            `${c.perSubmission.sequentialRoundTrips ?? '—'} (${c.perSubmission.sequentialRoundTripsWithDelivery ?? '—'})`,
            `${c.breakdownMs!.blobs} ms`,
            `${c.breakdownMs!.mail} ms`,
            `${c.breakdownMs!.other} ms`,
            `${c.breakdownMs!.perBlobCall} ms`,
            Object.entries(c.perSubmission.kinds)
              .map(([k, v]) => `${k} ${v}${c.perSubmission.kindMeanMs?.[k] !== undefined ? ` (${c.perSubmission.kindMeanMs[k]} ms)` : ''}`)
              .join(', '),
          ]),
      ),
      '',
      ...cases
        .filter((c) => c.oneSubmission && c.target !== 'baseline')
        .flatMap((c) => [
          `One submission (${c.target}, concurrency 1), call by call in the order they started:\n`,
          table(
            ['#', 'when', 'kind', 'store and key'],
            c.oneSubmission!.map((call, i) => [i + 1, call.beforeAnswer ? 'before the answer' : 'after', call.kind, `\`${call.what}\``]),
          ),
          '',
        ]),
      `Goals: Vouch/baseline ≤ 1.3× at p50 and p99: ${goals.ratioMet ? 'met' : 'MISSED'}; ` +
        `thank-you at the mail API < 1 s at p99: ${goals.thanksMet ? 'met' : 'MISSED'} (${thanks.map((c) => `c=${c.concurrency}: ${c.toMailApiMs.p99} ms`).join(', ')}); ` +
        `lost submissions 0: ${goals.lostZero ? 'met' : 'MISSED'}.\n`,
    );
  }

  let ssrMain: string | undefined;
  if (sections.has('bundles') || sections.has('ssr')) {
    const { bundles, ssrOnDisk, ssrMain: main } = await measureBundles(work, built);
    ssrMain = main;
    Object.assign(report, { bundles, ssrOnDisk });
    out.push(
      '## Bundles (zip-it-and-ship-it, as Netlify deploys them)\n',
      table(
        ['function', 'bundler', 'zip', 'unzipped', 'files', 'Netlify bootstrap', 'own code', 'node_modules', 'cold import', 'process start → exit'],
        bundles.map((b) => [
          `${b.name} (${b.source})`,
          b.bundler,
          kb(b.zipBytes),
          kb(b.unzippedBytes),
          b.files,
          kb(b.parts.platform),
          kb(b.parts.code),
          kb(b.parts.nodeModules),
          b.cold ? `${b.cold.importMs} ms${b.cold.firstResponseMs !== undefined ? ` + first 404 ${b.cold.firstResponseMs} ms` : ''}` : '—',
          b.cold ? `${b.cold.processMs} ms` : '—',
        ]),
      ),
      '',
      ssrOnDisk
        ? `Adapter SSR function on disk (.netlify/v1/functions/ssr, built ${ssrOnDisk.builtAt}): ${kb(ssrOnDisk.bytes)} in ${ssrOnDisk.files} files (${kb(ssrOnDisk.diskBlocksBytes)} of disk blocks), node_modules included.\n`
        : 'No complete .netlify/v1/functions/ssr (and dist/404.html): run `npm run build` first to measure the SSR function.\n',
    );
  }

  if (sections.has('ssr') && ssrMain && built) {
    const ssr = await measureSsr(ssrMain, built.notFoundPage, servers);
    report.ssr = ssr;
    const row = (name: string, m: Awaited<ReturnType<typeof measureSsr>>['notFoundViaSsr']) => [
      name,
      m.statuses.join(','),
      m.blobCalls,
      `${m.p50} ms`,
      `${m.p90} ms`,
      `${m.p99} ms`,
    ];
    out.push(
      `## 404 through the catch-all SSR function vs a static 404 (${ssrCalls} calls each, warm, in process)\n`,
      table(
        ['what', 'status', 'Blobs calls', 'p50', 'p90', 'p99'],
        [
          row('unknown path via ssr.mjs (adapter answers its inlined 404 page)', ssr.notFoundViaSsr),
          row('static dist/404.html (read from disk)', ssr.notFoundStatic),
          row('/r/<valid code> via ssr.mjs (on-demand page)', ssr.personalLinkViaSsr),
          row('/r/<unknown code> via ssr.mjs (on-demand 404)', ssr.unknownLinkViaSsr),
        ],
      ),
      '',
    );
    const ssrBundle = (report.bundles as Bundle[] | undefined)?.find((b) => b.name === 'ssr');
    out.push(
      '**Does the site need the catch-all function?** Yes, as long as /r/<code>, /refer/<slug>/ and /link/<slug>/ are rendered on demand ' +
        '(a personal greeting; forms that show errors and keep what was typed without JavaScript; /dev/mailbox/ only matters locally): ' +
        'without the adapter those would have to be rewritten as plain functions that produce their own HTML, duplicating the layout. ' +
        `What it costs: a warm 404 through it takes ${ssr.notFoundViaSsr.p50} ms p50 / ${ssr.notFoundViaSsr.p99} ms p99 (the adapter answers its inlined 404 page without rendering) ` +
        `against ${ssr.notFoundStatic.p50} / ${ssr.notFoundStatic.p99} ms for the static file; on Netlify, though, every unknown URL becomes a function invocation instead of a CDN answer` +
        (ssrBundle?.cold ? `, a cold one loading ${kb(ssrBundle.unzippedBytes)} of code in about ${ssrBundle.cold.importMs} ms before its first answer` : '') +
        '. Recommendation: keep it; the figures give no reason to take on a second way of rendering pages.\n',
    );
  }

  console.log(out.join('\n'));
  const results = join(root, 'bench/results');
  await mkdir(results, { recursive: true });
  // A partial or simulated-network run gets its own file, so that functions.json stays the full default run.
  const suffix = [
    ...(rttMs ? [`rtt${rttMs}`] : []),
    ...(sections.size < 3 ? [...sections] : []),
    ...(values.targets !== 'baseline,vouch,vouch+ref' ? [values.targets.replaceAll(',', '-')] : []),
  ].join('-');
  const file = join(results, suffix ? `functions-${suffix}.json` : 'functions.json');
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`JSON: ${relative(root, file)}`);
} finally {
  vouchServer.close();
  baselineServer.close();
  await api.close();
  await rm(work, { recursive: true, force: true });
}
// A lost submission fails the run; a "try again" answer (the local Blobs server's 500s under a burst) is reported, not fatal.
const lostAny = ((report.cases as CaseReport[] | undefined) ?? []).some((c) => c.lost > 0);
process.exit(lostAny ? 1 : 0);

// Lighthouse (mobile, the default config: simulated slow 4G and a mid-range phone) on the
// built site served by scripts/lib/serve-built.ts: a provider's landing page, the referral form, a
// personal link page and its share page. Reports the four category scores with LCP, TBT and CLS, and every
// audit that cost a point; prints a table and writes bench/results/lighthouse.json.
// Offline: Chromium resolves no host but 127.0.0.1. Needs a build: `npm run build` first.
//
//   node bench/lighthouse.ts [--runs 3]
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { personalLinkCode, startBuiltSite } from '../scripts/lib/serve-built.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../tests/support/chromium.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, provider: { type: 'string', default: 'jane-okafor' } } });
const runs = Math.max(1, Number(values.runs));
const provider = values.provider;
const root = fileURLToPath(new URL('..', import.meta.url));
const resultFile = join(root, 'bench/results/lighthouse.json');

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** What one page scored, from the median run by performance. */
type PageScore = {
  page: string;
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  metrics: { lcpMs: number; tbtMs: number; cls: number; fcpMs: number; speedIndexMs: number };
  /** Performance scores of every run, in order. */
  performanceRuns: (number | null)[];
  /** Audits that cost points in a category: weight above 0 and score below 1. */
  failing: { category: string; id: string; title: string; score: number | null; weight: number; displayValue?: string; items: string[] }[];
  /** Requests the page made to anything but the local site (none expected: the run is offline). */
  offsite: string[];
  /** Audits Lighthouse could not run (an error, not a score), and its warnings. */
  errors: string[];
  warnings: string[];
};

/** The first few things an audit blames, in a line each: a URL, a console message, an element. */
function itemsOf(audit: Result['audits'][string]): string[] {
  const details = audit.details as { items?: Record<string, unknown>[] } | undefined;
  return (details?.items ?? []).slice(0, 5).map((item) => {
    const node = (item.node ?? item.source) as { snippet?: string } | string | undefined;
    const location = item.sourceLocation as { url?: string } | undefined;
    const parts = [typeof item.source === 'string' ? item.source : undefined, item.description, item.url ?? location?.url, typeof node === 'object' ? node.snippet : undefined];
    return parts.filter((part) => typeof part === 'string' && part !== '').join(' · ');
  }).filter((line) => line !== '');
}

const percent = (score: number | null | undefined) => (score === null || score === undefined ? null : Math.round(score * 100));

function summarise(page: string, path: string, all: Result[], origin: string): PageScore {
  const perf = (lhr: Result) => lhr.categories.performance?.score ?? -1;
  const lhr = [...all].sort((a, b) => perf(a) - perf(b))[Math.floor((all.length - 1) / 2)]!;
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const failing: PageScore['failing'] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      failing.push({
        category,
        id: ref.id,
        title: audit.title,
        score: audit.score,
        weight: ref.weight,
        ...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
        items: itemsOf(audit),
      });
    }
  }
  return {
    page,
    path,
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, percent(lhr.categories[c]?.score)])) as PageScore['scores'],
    metrics: {
      lcpMs: Math.round(numeric('largest-contentful-paint')),
      tbtMs: Math.round(numeric('total-blocking-time')),
      cls: Number(numeric('cumulative-layout-shift').toFixed(3)),
      fcpMs: Math.round(numeric('first-contentful-paint')),
      speedIndexMs: Math.round(numeric('speed-index')),
    },
    performanceRuns: all.map((r) => percent(r.categories.performance?.score)),
    failing,
    offsite: [
      ...new Set(
        all.flatMap((r) => ((r.audits['network-requests']?.details as { items?: { url?: string }[] } | undefined)?.items ?? []).map((item) => item.url ?? '')),
      ),
    ].filter((url) => url !== '' && !url.startsWith(`${origin}/`) && !url.startsWith('data:')),
    errors: Object.values(lhr.audits)
      .filter((audit) => audit.scoreDisplayMode === 'error')
      .map((audit) => `${audit.id}: ${audit.errorMessage ?? 'error'}`),
    warnings: lhr.runWarnings.map(String),
  };
}

const site = await startBuiltSite({ root });
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS, ignoreDefaultFlags: true, logLevel: 'silent' });
const results: PageScore[] = [];
try {
  const code = await personalLinkCode(site, provider);

  const pages = [
    { page: 'landing page', path: `/p/${provider}/`, shown: `/p/${provider}/` },
    { page: 'referral form', path: `/refer/${provider}/`, shown: `/refer/${provider}/` },
    { page: 'personal link', path: `/r/${code}`, shown: '/r/<code>' },
    { page: 'share page', path: `/share/${code}/`, shown: '/share/<code>/' },
  ];
  for (const { page, path, shown } of pages) {
    const all: Result[] = [];
    for (let run = 0; run < runs; run += 1) {
      const outcome = await lighthouse(`${site.url}${path}`, {
        port: Number(chrome.port),
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      if (!outcome) throw new Error(`Lighthouse returned nothing for ${shown}`);
      if (outcome.lhr.runtimeError) throw new Error(`Lighthouse failed on ${shown}: ${outcome.lhr.runtimeError.code} ${outcome.lhr.runtimeError.message}`);
      all.push(outcome.lhr);
    }
    results.push(summarise(page, shown, all, site.url));
  }
} finally {
  await chrome.kill();
  await site.close();
}

const cell = (score: number | null) => (score === null ? 'n/a' : String(score));
console.log(`Lighthouse 13, mobile (default config), median of ${runs} run${runs === 1 ? '' : 's'} by performance, built site on loopback.\n`);
console.log('| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const s = r.scores;
  console.log(
    `| ${r.page} \`${r.path}\` | ${cell(s.performance)} | ${cell(s.accessibility)} | ${cell(s['best-practices'])} | ${cell(s.seo)} | ${r.metrics.lcpMs.toLocaleString('en')} ms | ${r.metrics.tbtMs} ms | ${r.metrics.cls} |`,
  );
}

for (const r of results) {
  if (r.failing.length === 0 && r.errors.length === 0 && r.offsite.length === 0 && r.warnings.length === 0) continue;
  console.log(`\n${r.page} ${r.path}:`);
  for (const f of r.failing) {
    console.log(`  - ${f.category}: ${f.id} (${f.title})${f.displayValue ? `: ${f.displayValue}` : ''}, score ${f.score}, weight ${f.weight}`);
    for (const item of f.items) console.log(`      ${item}`);
    if (f.id === 'is-crawlable' && !r.path.startsWith('/p/')) {
      console.log('      by design: pages that depend on a person are kept out of search indexes (markPersonal, <Base noindex>)');
    }
  }
  for (const e of r.errors) console.log(`  - could not run: ${e}`);
  for (const url of r.offsite) console.log(`  - asked for something off the local site: ${url}`);
  for (const w of r.warnings) console.log(`  - warning: ${w}`);
}

await mkdir(dirname(resultFile), { recursive: true });
await writeFile(
  resultFile,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), lighthouse: '13', formFactor: 'mobile', runs, pages: results }, null, 2)}\n`,
);
console.log(`\nWrote ${resultFile}`);

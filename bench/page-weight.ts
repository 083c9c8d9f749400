// Page weight of the built site: for every page in dist/ and the on-demand pages (the forms
// and a personal link, rendered by the built SSR function), the document, its CSS and its
// JavaScript in bytes, raw, gzip and brotli, with the budgets checked. Prints a table and
// writes bench/results/page-weight.json. Needs a build: `npm run build` first.
//
//   node bench/page-weight.ts
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPaths, personalLinkCode, startBuiltSite } from '../scripts/lib/serve-built.ts';
import { budgets, builtPages, type Bytes, type PageWeight, weighBuiltPage, weighPage } from '../scripts/lib/weigh.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { dist } = builtPaths(root);
const resultFile = join(root, 'bench/results/page-weight.json');

const pages: PageWeight[] = [];
for (const { path, file } of await builtPages(dist)) pages.push(await weighBuiltPage(dist, path, file));

const slugs = pages.map((page) => /^\/p\/([^/]+)\/$/.exec(page.path)?.[1]).filter((slug): slug is string => slug !== undefined);
const site = await startBuiltSite({ root });
try {
  const fetchPage = async (path: string) => {
    const response = await fetch(`${site.url}${path}`);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response.text();
  };
  for (const slug of slugs) {
    for (const path of [`/refer/${slug}/`, `/link/${slug}/`]) pages.push(await weighPage(dist, path, await fetchPage(path), 'on-demand'));
  }

  // A personal link page needs a referrer: ask for a link as a person would, and read it from the mailbox.
  const code = await personalLinkCode(site, slugs[0]!);
  pages.push(await weighPage(dist, '/r/<code>', await fetchPage(`/r/${code}`), 'on-demand'));
} finally {
  await site.close();
}

/** The budget a page is held to, and whether it keeps it; undefined when none applies. */
function budgetOf(page: PageWeight): string | undefined {
  if (/^\/p\/[^/]+\/$/.test(page.path)) {
    const ok = page.js.raw === budgets.landingJs && page.total.gzip <= budgets.landingGzip;
    return `${ok ? 'ok' : 'OVER'}: JS 0 B, total ≤ ${budgets.landingGzip.toLocaleString('en')} B gz`;
  }
  if (/^\/(refer|link)\//.test(page.path)) {
    return `${page.js.gzip <= budgets.formJsGzip ? 'ok' : 'OVER'}: JS ≤ ${budgets.formJsGzip.toLocaleString('en')} B gz`;
  }
  return undefined;
}

const n = (value: number) => value.toLocaleString('en');
const triple = (b: Bytes) => `${n(b.raw)} / ${n(b.gzip)} / ${n(b.brotli)}`;
const rows = pages.map((page) => [
  page.path,
  page.kind,
  triple(page.html),
  `${triple(page.css)}${page.css.inline > 0 ? ` (${n(page.css.inline)} inline)` : ''}`,
  `${triple(page.js)}${page.js.files.length > 0 ? ` (${page.js.files.map((file) => basename(file)).join(', ')})` : ''}`,
  `${n(page.total.gzip)} / ${n(page.total.brotli)}`,
  budgetOf(page) ?? '',
]);
const header = ['page', 'kind', 'HTML raw / gz / br', 'CSS raw / gz / br', 'JS raw / gz / br', 'total gz / br', 'budget'];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map((_, i) => (i >= 2 && i <= 5 ? '---:' : '---')).join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(
  '\nBytes. HTML is the document, inline CSS and JS included; CSS and JS count inline text plus linked files (and the modules a script imports);',
  'total is the document plus every linked CSS and JS file: what a first visit downloads before images. gzip level 6, brotli quality 11.',
);

await mkdir(dirname(resultFile), { recursive: true });
await writeFile(resultFile, `${JSON.stringify({ measuredAt: new Date().toISOString(), budgets, pages }, null, 2)}\n`);
console.log(`\nWrote ${resultFile}`);
const over = pages.filter((page) => budgetOf(page)?.startsWith('OVER'));
if (over.length > 0) {
  console.error(`Over budget: ${over.map((page) => page.path).join(', ')}`);
  process.exitCode = 1;
}

// The byte budgets, measured on the production build (`npm test` builds first): a provider's
// landing page ships no JavaScript and fits in 14 KB gzip with its inlined critical CSS, so
// that it arrives in the first round trips; a form page's JavaScript, and the share page's,
// stay within 3 KB gzip. The form pages are on demand, rendered here by the built SSR function
// itself; the share pages need a personal link, so they are asked of the built site served.
// Each function, zipped as Netlify zips it for a deploy, stays within its byte budget.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipDeployedFunctions } from '../../scripts/lib/deploy-functions.ts';
import { builtPaths, loadSsr, localContext, personalLinkCode, startBuiltSite } from '../../scripts/lib/serve-built.ts';
import { budgets, functionBudgets, weighBuiltPage, weighPage } from '../../scripts/lib/weigh.ts';

const root = process.cwd();
const slugs = (await readdir(join(root, 'content/providers'))).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3));

/** dist/ and the SSR function, or a failure that says to build first. */
const build = () => builtPaths(root);

describe('a provider landing page', () => {
  it.each(slugs)('/p/%s/ ships no JavaScript and fits in 14 KB gzip with its CSS', async (slug) => {
    const { dist } = build();
    const page = await weighBuiltPage(dist, `/p/${slug}/`, join(dist, 'p', slug, 'index.html'));
    expect(page.js, `JavaScript on /p/${slug}/`).toMatchObject({ raw: budgets.landingJs, files: [] });
    expect(page.css.inline, 'critical CSS is inlined').toBeGreaterThan(0);
    expect(page.total.gzip, `/p/${slug}/ with its CSS, bytes gzip`).toBeLessThanOrEqual(budgets.landingGzip);
  });
});

describe('a form page', () => {
  const forms = slugs.flatMap((slug) => [`/refer/${slug}/`, `/link/${slug}/`]);
  it.each(forms)('%s loads at most 3 KB gzip of JavaScript', async (path) => {
    const { dist } = build();
    const ssr = await loadSsr(root);
    const request = new Request(`http://127.0.0.1${path}`);
    const response = await ssr(request, localContext(request));
    expect(response.status, `GET ${path} from the built SSR function`).toBe(200);
    const page = await weighPage(dist, path, await response.text(), 'on-demand');
    // The form's script is found and weighed, imports included: the budget cannot pass by missing it.
    expect(page.js.files.some((file) => file.startsWith('/_astro/')), `${path} loads its script from /_astro/`).toBe(true);
    expect(page.js.gzip, `JavaScript of ${path}, bytes gzip (${page.js.files.join(', ')})`).toBeLessThanOrEqual(budgets.formJsGzip);
  });
});

describe('the share page and the printable card', () => {
  it('each load at most 3 KB gzip of JavaScript', async () => {
    const { dist } = build();
    const site = await startBuiltSite({ root });
    try {
      const code = await personalLinkCode(site, slugs[0]!);
      for (const path of [`/share/${code}/`, `/share/${code}/card/`]) {
        const response = await fetch(`${site.url}${path}`);
        expect(response.status, `GET ${path} from the built site`).toBe(200);
        const page = await weighPage(dist, path, await response.text(), 'on-demand');
        expect(page.js.files.some((file) => file.startsWith('/_astro/')), `${path} loads its script from /_astro/`).toBe(true);
        expect(page.js.gzip, `JavaScript of ${path}, bytes gzip (${page.js.files.join(', ')})`).toBeLessThanOrEqual(budgets.shareJsGzip);
      }
    } finally {
      await site.close();
    }
  });
});

describe('each function, zipped for a deploy', () => {
  it('the preview image function fits in 3 MB, every other one in 640 KB', async () => {
    const work = await mkdtemp(join(tmpdir(), 'vouch-zips-'));
    try {
      const zips = (await zipDeployedFunctions(root, work)).filter((fn) => fn.name !== 'ssr');
      const functions = (await readdir(join(root, 'netlify/functions'))).filter((name) => name.endsWith('.ts'));
      expect(zips).toHaveLength(functions.length);
      for (const zip of zips) {
        const bytes = (await stat(zip.path)).size;
        expect(bytes, `${zip.name}.zip, bytes`).toBeLessThanOrEqual(zip.name === 'og' ? functionBudgets.ogZip : functionBudgets.functionZip);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});

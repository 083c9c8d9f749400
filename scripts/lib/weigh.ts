// Weighs built pages: the document, its CSS and its JavaScript (inline and linked, with the
// modules a linked script imports), raw and compressed as a server would send them. Shared
// by the page-weight report (bench/page-weight.ts) and the byte budgets test.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** The byte budgets the pages must keep (gzip). */
export const budgets = {
  /** A provider's landing page, /p/<slug>/: its document with the inlined critical CSS, and any CSS or JS file it links. */
  landingGzip: 14 * 1024,
  /** A provider's landing page ships no JavaScript at all. */
  landingJs: 0,
  /** A form page's JavaScript (/refer/<slug>/, /link/<slug>/): every script it loads, inline or linked. */
  formJsGzip: 3 * 1024,
  /** The share page's and the printable card's JavaScript (/share/<code>/, /share/<code>/card/): every script they load. */
  shareJsGzip: 3 * 1024,
} as const;

/** The byte budgets of what a deploy ships, zipped as Netlify zips each function (scripts/lib/deploy-functions.ts). */
export const functionBudgets = {
  /** The link preview image function (og): its code, resvg's WebAssembly, four font files. */
  ogZip: 3 * 1024 * 1024,
  /** Every other function (Netlify's own bootstrap, about 290 KB zipped, included). */
  functionZip: 640 * 1024,
} as const;

/** A size as stored and as sent: gzip (zlib's default level 6) and brotli (quality 11). */
export type Bytes = { raw: number; gzip: number; brotli: number };

/** One kind of resource a page carries: inline in the document, and in the files it links. */
export type Part = Bytes & {
  /** Raw bytes inline in the document (already counted in the document's own size). */
  inline: number;
  /** Files loaded from dist/, as site paths. */
  files: string[];
};

/** What one page weighs. */
export type PageWeight = {
  /** The page's address, e.g. `/p/jane-okafor/`. */
  path: string;
  /** `static` (a file in dist/) or `on-demand` (rendered by the SSR function). */
  kind: 'static' | 'on-demand';
  /** The document itself, inline CSS and JS included. */
  html: Bytes;
  /** CSS: inline `<style>` plus linked stylesheets; compressed sizes are the linked files' each plus the inline text's. */
  css: Part;
  /** JavaScript: inline scripts and event-handler attributes plus `<script src>` and modulepreload files, with their static imports. */
  js: Part;
  /** What loading the page downloads before any image: the document plus every linked CSS and JS file. */
  total: Bytes;
};

const ZERO: Bytes = { raw: 0, gzip: 0, brotli: 0 };

/** The size of some text or bytes, raw and compressed. */
export function sizes(data: string | Uint8Array): Bytes {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  if (bytes.length === 0) return ZERO;
  return { raw: bytes.length, gzip: gzipSync(bytes).length, brotli: brotliCompressSync(bytes).length };
}

const add = (...all: Bytes[]): Bytes =>
  all.reduce((sum, b) => ({ raw: sum.raw + b.raw, gzip: sum.gzip + b.gzip, brotli: sum.brotli + b.brotli }), ZERO);

const attributes = (source: string): Map<string, string> => {
  const found = new Map<string, string>();
  for (const [, name = '', value = ''] of source.matchAll(/([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
    found.set(name.toLowerCase(), value.replace(/^["']|["']$/g, '').replace(/&amp;/g, '&'));
  }
  return found;
};

const JS_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript']);

/** The CSS and JavaScript a document carries and links, found in its markup. */
export function assetsOf(html: string): { inlineCss: string[]; inlineJs: string[]; cssHrefs: string[]; jsSrcs: string[] } {
  const inlineCss: string[] = [];
  const inlineJs: string[] = [];
  const cssHrefs: string[] = [];
  const jsSrcs: string[] = [];
  let scripts = 0;
  for (const [, attrs = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    scripts += 1;
    const a = attributes(attrs);
    if (!JS_TYPES.has((a.get('type') ?? '').trim().toLowerCase())) continue;
    const src = a.get('src');
    if (src !== undefined) jsSrcs.push(src);
    else if (body.trim() !== '') inlineJs.push(body);
  }
  // Every script tag must have been read, or a page could pass a budget by confusing the parser.
  const opened = (html.match(/<script\b/gi) ?? []).length;
  if (opened !== scripts) throw new Error(`Could not read ${opened - scripts} of ${opened} <script> tags.`);
  const withoutScripts = html.replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '');
  for (const [, body = ''] of withoutScripts.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) inlineCss.push(body);
  const markup = withoutScripts.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, '');
  for (const [, tag = '', attrs = ''] of markup.matchAll(/<([a-zA-Z][\w-]*)(\s[^<>]*)?>/g)) {
    const a = attributes(attrs);
    for (const [name, value] of a) if (/^on[a-z]+$/.test(name) && value.trim() !== '') inlineJs.push(value);
    if (tag.toLowerCase() !== 'link') continue;
    const rel = (a.get('rel') ?? '').toLowerCase().split(/\s+/);
    const href = a.get('href');
    if (href === undefined) continue;
    if (rel.includes('stylesheet')) cssHrefs.push(href);
    if (rel.includes('modulepreload')) jsSrcs.push(href);
  }
  return { inlineCss, inlineJs, cssHrefs, jsSrcs };
}

/** The file in dist/ a same-site URL names; anything else cannot be weighed and is an error. */
function fileFor(dist: string, url: URL, site: URL, from: string): string {
  if (url.origin !== site.origin) throw new Error(`${from} loads ${url.href} from another site; it cannot be weighed from dist/.`);
  const file = resolve(dist, `.${decodeURIComponent(url.pathname)}`);
  if (!file.startsWith(dist + sep)) throw new Error(`${from} loads ${url.pathname}, outside dist/.`);
  return file;
}

/** Linked files and, for scripts, every module they import statically or dynamically, each once. */
async function linked(dist: string, site: URL, page: URL, refs: string[], followImports: boolean): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const queue = refs.map((ref) => ({ url: new URL(ref, page), from: page.pathname }));
  while (queue.length > 0) {
    const { url, from } = queue.shift()!;
    const file = fileFor(dist, url, site, from);
    const key = `/${relative(dist, file).split(sep).join('/')}`;
    if (files.has(key)) continue;
    const bytes = await readFile(file).catch(() => {
      throw new Error(`${from} loads ${url.pathname}, which is not in dist/.`);
    });
    files.set(key, bytes);
    if (!followImports) continue;
    const text = bytes.toString('utf8');
    for (const match of text.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)|\b(?:import|export)\b[^'"();]*?["'](\.{0,2}\/[^"']+\.m?js)["']/g)) {
      const specifier = match[1] ?? match[2];
      if (specifier) queue.push({ url: new URL(specifier, url), from: key });
    }
  }
  return files;
}

const part = (inline: string[], files: Map<string, Buffer>): Part => {
  const text = inline.join('\n');
  return { ...add(sizes(text), ...[...files.values()].map((bytes) => sizes(bytes))), inline: Buffer.byteLength(text), files: [...files.keys()] };
};

/** Weighs one page from its HTML; linked files are read from `dist`. */
export async function weighPage(dist: string, path: string, html: string, kind: PageWeight['kind']): Promise<PageWeight> {
  const root = resolve(dist);
  const site = new URL('http://site.invalid/');
  const page = new URL(path, site);
  const found = assetsOf(html);
  const cssFiles = await linked(root, site, page, found.cssHrefs, false);
  const jsFiles = await linked(root, site, page, found.jsSrcs, true);
  const document = sizes(html);
  const files = [...cssFiles.values(), ...jsFiles.values()].map((bytes) => sizes(bytes));
  return {
    path,
    kind,
    html: document,
    css: part(found.inlineCss, cssFiles),
    js: part(found.inlineJs, jsFiles),
    total: add(document, ...files),
  };
}

/** Every HTML page in dist/, by its address: `index.html` is `/`, `p/a/index.html` is `/p/a/`, `404.html` stays `/404.html`. */
export async function builtPages(dist: string): Promise<{ path: string; file: string }[]> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      const path = `/${relative(dist, file).split(sep).join('/')}`.replace(/(^|\/)index\.html$/, '$1');
      return { path, file };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Weighs a page that is a file in dist/. */
export async function weighBuiltPage(dist: string, path: string, file: string): Promise<PageWeight> {
  return weighPage(dist, path, await readFile(file, 'utf8'), 'static');
}

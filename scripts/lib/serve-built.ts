// Serves the built product on 127.0.0.1, offline, as Netlify would: the functions as the build
// bundled them (.netlify/v1/functions/<name>.mjs, scripts/bundle-functions.ts) on their
// `config.path`, then static files from dist/, then the Astro adapter's catch-all SSR function
// (.netlify/v1/functions/ssr/ssr.mjs). Blobs live on the real
// local blob server; emails land in a temporary mailbox folder. Used by the benchmarks and the integration tests.
//
//   npm run build && node scripts/lib/serve-built.ts [--port 4322] [--mailbox DIR]
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Config, Context } from '@netlify/functions';
import { readMailbox } from '../../src/lib/adapters/mailbox.ts';
import { errorSummary } from '../../src/lib/domain/errors.ts';
import { type LocalBlobs, startBlobs } from './blobs-server.ts';
import { afterAnswers } from './serve-functions.ts';

/** How to serve the build. */
export type ServeBuiltOptions = {
  /** The checkout holding dist/ and .netlify/ (default: this one). */
  root?: string;
  /** Port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  /** The mailbox folder; default a fresh temporary folder, removed by `close()`. */
  mailboxDir?: string;
  /** More environment for the functions, applied last: e.g. `RESEND_API_KEY` and `RESEND_BASE_URL` to mail a local Resend API instead. */
  env?: Record<string, string | undefined>;
  /** Called with one line per request (method, path, status, route, ms). */
  log?: (line: string) => void;
};

/** The served build. */
export type BuiltSite = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Where emails land (mailbox transport), unless `env` chose another transport. */
  mailboxDir: string;
  blobs: LocalBlobs;
  /** Stops the server and the blob server, restores the environment, removes temporary folders. */
  close(): Promise<void>;
};

/** A modern Netlify function, and the SSR function the adapter emits. */
export type NetlifyHandler = (request: Request, context: Context) => Response | Promise<Response>;

/** A cookie as `context.cookies.set()` takes it. */
type CookieInit = { name: string; value: string; path?: string; domain?: string; maxAge?: number; expires?: Date | number; secure?: boolean; httpOnly?: boolean; sameSite?: 'Strict' | 'Lax' | 'None' };

type Route = { name: string; handler: NetlifyHandler; patterns: URLPattern[]; excluded: URLPattern[]; methods?: string[] };

const defaultRoot = fileURLToPath(new URL('../..', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/;

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a malformed escape is kept as sent, as a browser's cookie would be
  }
};

/** The paths of a build that must exist; a clear message when they do not. */
export function builtPaths(root = defaultRoot): { dist: string; ssr: string; functions: string } {
  const dist = join(root, 'dist');
  // Netlify's folder for the functions a build writes: the bundles, and the adapter's SSR function.
  const functions = join(root, '.netlify/v1/functions');
  const ssr = join(functions, 'ssr/ssr.mjs');
  for (const [what, path] of [['static pages', join(dist, 'index.html')], ['SSR function', ssr], ['bundled functions', join(functions, 'referrals.mjs')]] as const) {
    if (!existsSync(path)) {
      // Every astro command (check, dev, sync) empties the adapter's output, not only a build.
      throw new Error(`No build found: ${path} (the ${what}) is missing. Run \`npm run build\` first (again after astro check or astro dev).`);
    }
  }
  return { dist, ssr, functions };
}

/** A stand-in for the context Netlify passes to a function: what the adapter and our functions may read, nothing that reaches a network. */
export function localContext(request: Request, options: { ip?: string; params?: Record<string, string>; siteUrl?: string; waitUntil?: (promise: Promise<unknown>) => void } = {}): Context & { setCookies: string[] } {
  const url = new URL(request.url);
  const jar = new Map(
    (request.headers.get('cookie') ?? '')
      .split(';')
      .map((pair) => pair.trim().split('='))
      .filter(([name]) => name)
      .map(([name = '', ...value]) => [name, safeDecode(value.join('='))]),
  );
  const setCookies: string[] = [];
  const unavailable = (what: string) => () => {
    throw new Error(`context.${what} is not available in a Netlify function`);
  };
  return {
    setCookies,
    account: { id: 'local' },
    cookies: {
      get: (name) => jar.get(name) ?? '',
      set: ((cookie: string | CookieInit, value?: string) => {
        const c: CookieInit = typeof cookie === 'string' ? { name: cookie, value: value ?? '' } : cookie;
        const attributes = [
          c.path !== undefined ? `Path=${c.path}` : 'Path=/',
          c.domain && `Domain=${c.domain}`,
          c.maxAge !== undefined && `Max-Age=${c.maxAge}`,
          c.expires !== undefined && `Expires=${new Date(c.expires).toUTCString()}`,
          c.secure && 'Secure',
          c.httpOnly && 'HttpOnly',
          c.sameSite && `SameSite=${c.sameSite}`,
        ].filter(Boolean);
        setCookies.push([`${c.name}=${encodeURIComponent(c.value)}`, ...attributes].join('; '));
      }) as Context['cookies']['set'],
      delete: (input) => {
        const c = typeof input === 'string' ? { name: input } : input;
        setCookies.push(`${c.name}=; Path=${'path' in c && c.path ? c.path : '/'}; Max-Age=0`);
      },
    },
    deploy: { context: 'local', id: 'local', published: false },
    geo: { city: 'Local', country: { code: 'XX', name: 'Local' }, timezone: 'UTC', latitude: 0, longitude: 0 },
    ip: options.ip ?? '127.0.0.1',
    json: (input) => Response.json(input),
    log: console.log,
    next: unavailable('next') as Context['next'],
    params: options.params ?? {},
    rewrite: unavailable('rewrite'),
    requestId: randomUUID(),
    server: { region: 'local' },
    site: { id: 'vouch-local', name: 'vouch-local', url: options.siteUrl ?? url.origin },
    url,
    waitUntil: options.waitUntil ?? ((promise) => void promise.catch((error) => console.error('waitUntil:', error))),
  };
}

/** The adapter's SSR function from the build, imported once. */
export async function loadSsr(root = defaultRoot): Promise<NetlifyHandler> {
  const module = (await import(pathToFileURL(builtPaths(root).ssr).href)) as { default: NetlifyHandler };
  return module.default;
}

/** The bundled functions that have a `config.path`, in file order (scheduled ones have no route). */
async function loadFunctions(root: string): Promise<Route[]> {
  const dir = builtPaths(root).functions;
  const files = (await readdir(dir)).filter((name) => name.endsWith('.mjs')).sort();
  const routes: Route[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: NetlifyHandler; config?: Config };
    const config = module.config as (Config & { path?: string | string[]; excludedPath?: string | string[] }) | undefined;
    if (!module.default || !config?.path) continue;
    const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
    routes.push({
      name: file,
      handler: module.default,
      patterns: list(config.path).map((pathname) => new URLPattern({ pathname })),
      excluded: list(config.excludedPath).map((pathname) => new URLPattern({ pathname })),
      ...(config.method ? { methods: list(config.method).map((m) => m.toUpperCase()) } : {}),
    });
  }
  return routes;
}

/** Header rules the adapter writes to .netlify/v1/config.json (e.g. immutable caching of /_astro/*). */
async function loadHeaderRules(root: string): Promise<{ pattern: URLPattern; values: Record<string, string> }[]> {
  const file = join(root, '.netlify/v1/config.json');
  if (!existsSync(file)) return [];
  const config = JSON.parse(await readFile(file, 'utf8')) as { headers?: { for: string; values: Record<string, string> }[] };
  return (config.headers ?? []).map((rule) => ({ pattern: new URLPattern({ pathname: rule.for.replace(/\*/g, ':splat*') }), values: rule.values }));
}

const isFile = async (path: string) => (await stat(path).catch(() => null))?.isFile() ?? false;

/**
 * The static file a path names, as Netlify resolves it: `/a/` is `/a/index.html`, `/a` is
 * the file `a` or `a.html`, or a redirect to `/a/` when that is a folder with an index.
 */
async function staticFile(dist: string, pathname: string): Promise<{ file: string } | { redirect: string } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const path = resolve(dist, `.${decoded}`);
  if (path !== dist && !path.startsWith(dist + sep)) return null;
  if (decoded.endsWith('/')) return (await isFile(join(path, 'index.html'))) ? { file: join(path, 'index.html') } : null;
  if (await isFile(path)) return { file: path };
  if (await isFile(`${path}.html`)) return { file: `${path}.html` };
  if (await isFile(join(path, 'index.html'))) return { redirect: `${pathname}/` };
  return null;
}

/** Starts the server. Sets NETLIFY_BLOBS_CONTEXT, MAILBOX_DIR and VOUCH_BASE_URL for the functions until `close()`. */
export async function startBuiltSite(options: ServeBuiltOptions = {}): Promise<BuiltSite> {
  const root = options.root ?? defaultRoot;
  builtPaths(root);
  const build = await snapshotBuild(root);
  const { dist } = builtPaths(build);
  for (const name of ['_redirects', '_headers']) {
    if (existsSync(join(dist, name))) console.warn(`serve-built: dist/${name} exists but is not applied here.`);
  }
  const [ssr, routes, headerRules] = await Promise.all([loadSsr(build), loadFunctions(build), loadHeaderRules(build)]);
  const notFoundPage = await readFile(join(dist, '404.html'));

  const saved = new Map(['MAILBOX_DIR', 'VOUCH_BASE_URL', 'RESEND_API_KEY', 'RESEND_BASE_URL'].map((name) => [name, process.env[name]]));
  const ownMailbox = options.mailboxDir === undefined;
  const mailboxDir = options.mailboxDir ?? (await mkdtemp(join(tmpdir(), 'vouch-mailbox-')));
  const blobs = await startBlobs();
  const background = afterAnswers((error) => console.error('serve-built: waitUntil failed:', error));
  const { waitUntil } = background;

  const answer = async (req: IncomingMessage, base: string): Promise<{ response: Response; route: string }> => {
    const host = req.headers.host && /^[\w.-]+(:\d+)?$/.test(req.headers.host) ? `http://${req.headers.host}` : base;
    const url = new URL(req.url ?? '/', host);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    const ip = req.socket.remoteAddress ?? '127.0.0.1';
    headers.set('x-nf-client-connection-ip', ip);
    const chunks: Buffer[] = [];
    if (method !== 'GET' && method !== 'HEAD') for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(url, { method, headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });

    const call = async (handler: NetlifyHandler, params: Record<string, string> = {}) => {
      const context = localContext(request, { ip, params, siteUrl: base, waitUntil });
      const response = await handler(request, context);
      for (const cookie of context.setCookies) response.headers.append('set-cookie', cookie);
      return response;
    };

    for (const route of routes) {
      if (route.methods && !route.methods.includes(method)) continue;
      if (route.excluded.some((p) => p.test({ pathname: url.pathname }))) continue;
      const match = route.patterns.map((p) => p.exec({ pathname: url.pathname })).find(Boolean);
      if (match) {
        const params = Object.fromEntries(Object.entries(match.pathname.groups).filter((e): e is [string, string] => e[1] !== undefined));
        return { response: await call(route.handler, params), route: route.name };
      }
    }
    if (method === 'GET' || method === 'HEAD') {
      const found = await staticFile(dist, url.pathname);
      if (found && 'redirect' in found) {
        return { response: new Response(null, { status: 301, headers: { location: found.redirect + url.search } }), route: 'static' };
      }
      if (found) {
        const type = CONTENT_TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream';
        const response = new Response(await readFile(found.file), {
          headers: { 'content-type': type, 'cache-control': 'public, max-age=0, must-revalidate' },
        });
        for (const rule of headerRules) {
          if (rule.pattern.test({ pathname: url.pathname })) for (const [name, value] of Object.entries(rule.values)) response.headers.set(name, value);
        }
        return { response, route: 'static' };
      }
    }
    const response = await call(ssr);
    // The adapter answers an unknown address with the 404 page itself. A known route that
    // answers an empty 404 (an unknown code or slug) makes Astro fetch /404.html from
    // `http(s)://localhost` when `security.allowedDomains` is empty, which fails: on Netlify
    // that page is blank. Here it gets 404.html, with a warning so the difference is seen.
    if (response.status === 404 && response.body === null) {
      console.warn(`serve-built: the SSR function answered an empty 404 for ${url.pathname}; serving dist/404.html (Netlify would send an empty page).`);
      return { response: new Response(notFoundPage, { status: 404, headers: { 'content-type': CONTENT_TYPES['.html']! } }), route: 'ssr → 404.html' };
    }
    return { response, route: 'ssr' };
  };

  const send = async (req: IncomingMessage, res: ServerResponse, response: Response) => {
    const headers = new Headers(response.headers);
    let body: Buffer = Buffer.from(await response.arrayBuffer());
    // Netlify compresses text on the way out; Lighthouse and the byte counts should see what a browser gets.
    const type = headers.get('content-type') ?? '';
    const accepted = String(req.headers['accept-encoding'] ?? '');
    if (body.length > 0 && COMPRESSIBLE.test(type) && !headers.has('content-encoding')) {
      headers.append('vary', 'Accept-Encoding');
      if (/\bbr\b/.test(accepted)) {
        body = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });
        headers.set('content-encoding', 'br');
      } else if (/\bgzip\b/.test(accepted)) {
        body = gzipSync(body);
        headers.set('content-encoding', 'gzip');
      }
    }
    headers.delete('content-length');
    headers.delete('transfer-encoding');
    const cookies = headers.getSetCookie();
    headers.delete('set-cookie');
    const head: Record<string, string | string[]> = Object.fromEntries(headers);
    if (cookies.length > 0) head['set-cookie'] = cookies;
    head['content-length'] = String(body.length);
    res.writeHead(response.status, head);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  let base = '';
  const server = createServer(async (req, res) => {
    const started = performance.now();
    try {
      const { response, route } = await answer(req, base);
      await send(req, res, response);
      options.log?.(`${req.method} ${req.url} → ${response.status} (${route}, ${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      console.error(`serve-built: ${req.method} ${req.url} failed: ${errorSummary(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error in serve-built.');
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  Object.assign(process.env, { MAILBOX_DIR: mailboxDir, VOUCH_BASE_URL: base });
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  return {
    url: base,
    mailboxDir,
    blobs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await background.settled();
      await blobs.stop();
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      if (ownMailbox) await rm(mailboxDir, { recursive: true, force: true });
      await rm(build, { recursive: true, force: true });
    },
  };
}

/**
 * A private copy of the build (dist/, .netlify/v1/ and the functions' modules apart), served instead of the checkout's own: `astro dev`
 * (npm start), `astro check` and the next build empty the adapter's output, and the SSR function loads
 * its chunks lazily, so serving the checkout's copy would break as soon as one of them runs beside it.
 * The copy sits inside the checkout, so that the SSR function still finds node_modules.
 */
async function snapshotBuild(root: string): Promise<string> {
  const build = join(root, '.vouch', 'serve-built', `${process.pid}-${randomUUID().slice(0, 8)}`);
  await cp(join(root, 'dist'), join(build, 'dist'), { recursive: true });
  await cp(join(root, '.netlify/v1'), join(build, '.netlify/v1'), { recursive: true });
  // The modules the bundled functions load when first used (scripts/bundle-functions.ts), where they look for them.
  await cp(join(root, '.netlify/function-modules'), join(build, '.netlify/function-modules'), { recursive: true });
  return build;
}

/** Asks the served site for a personal link, as a referrer would, and returns its code from the mailbox. */
export async function personalLinkCode(site: BuiltSite, provider: string): Promise<string> {
  const email = `bench.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.org`;
  const asked = await fetch(`${site.url}/api/referrers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider, name: 'Bench Runner', email }),
  });
  if (asked.status !== 202) throw new Error(`POST /api/referrers answered ${asked.status}`);
  // The email goes out just after the answer: give it a few seconds to land.
  for (let tries = 0; tries < 50; tries += 1) {
    const mail = (await readMailbox(site.mailboxDir)).find((message) => message.to.includes(email));
    const code = mail && /\/r\/([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/.exec(mail.text)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No personal link for ${email} reached the mailbox in ${site.mailboxDir}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, mailbox: { type: 'string' }, quiet: { type: 'boolean', default: false } } });
  const site = await startBuiltSite({
    port: Number(values.port),
    ...(values.mailbox ? { mailboxDir: resolve(values.mailbox) } : {}),
    ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
  });
  console.log(`Built site at ${site.url}/ (mailbox: ${site.mailboxDir}, also at ${site.url}/dev/mailbox/)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void site.close().then(() => process.exit(0)));
  }
}

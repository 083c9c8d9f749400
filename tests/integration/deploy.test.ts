// What a deploy ships (`npm test` builds first), zipped offline as Netlify's build zips it
// (scripts/lib/deploy-functions.ts): each function once, as `npm run build` bundled it, with the
// routes, methods, schedules and rate limits of its source; each carries the generated content it
// reads and runs from its own folder, with nothing of this checkout to fall back on.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '@netlify/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMailbox } from '../../src/lib/adapters/mailbox.ts';
import { type LocalBlobs, startBlobs } from '../../scripts/lib/blobs-server.ts';
import { type DeployedFunction, deployedMainFile, zipDeployedFunctions } from '../../scripts/lib/deploy-functions.ts';
import { useMailbox, useResend } from '../support/env.ts';
import { startResendApi } from '../support/resend-api.ts';
import { ORIGIN } from '../support/handlers.ts';

const root = process.cwd();
const sources = (await readdir(join(root, 'netlify/functions'))).filter((name) => name.endsWith('.ts')).map((name) => name.slice(0, -3)).sort();
const slugs = (await readdir(join(root, 'content/providers'))).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort();

type Handler = (req: Request, context?: unknown) => Promise<Response>;

let work: string;
let deployed: DeployedFunction[];
/** A function's folder as deployed, and its handler imported from there. */
const unzipped = async (name: string) => {
  const fn = deployed.find((f) => f.name === name)!;
  const main = deployedMainFile(fn);
  return { fn, files: (await readdir(fn.path, { recursive: true })).map(String), handler: ((await import(pathToFileURL(main).href)) as { default: Handler }).default };
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'vouch-deploy-'));
  deployed = await zipDeployedFunctions(root, work, { archiveFormat: 'none' });
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('a deploy', () => {
  it('takes every function once, as the build bundled it, and the adapter’s SSR function', () => {
    expect(deployed.map((f) => f.name).sort()).toEqual([...sources, 'ssr'].sort());
    for (const name of sources) {
      const fn = deployed.find((f) => f.name === name)!;
      expect(relative(root, fn.mainFile), name).toBe(`.netlify/v1/functions/${name}.mjs`);
    }
    expect(relative(root, deployed.find((f) => f.name === 'ssr')!.mainFile)).toBe('.netlify/v1/functions/ssr/ssr.mjs');
  });

  it.each(sources)('reads %s’s route, method, schedule and rate limit from the bundle as from its source', async (name) => {
    const { config } = (await import(pathToFileURL(join(root, 'netlify/functions', `${name}.ts`)).href)) as { config: Config & { path?: string; schedule?: string } };
    const fn = deployed.find((f) => f.name === name)!;
    const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
    expect(fn.routes?.map((route) => route.pattern) ?? [], 'path').toEqual(list(config.path));
    expect(fn.routes?.flatMap((route) => route.methods ?? []) ?? [], 'method').toEqual(list(config.method).map((m) => m.toUpperCase()));
    expect(fn.schedule, 'schedule').toBe(config.schedule);
    expect(fn.trafficRules?.action.config.rateLimitConfig, 'rate limit').toEqual(
      config.rateLimit ? { windowLimit: config.rateLimit.windowLimit, windowSize: config.rateLimit.windowSize, algorithm: 'sliding_window' } : undefined,
    );
  });

  it('ships each function with every provider’s file and the address buckets, never with the sources', async () => {
    const buckets = (await readdir(join(root, 'src/generated/addresses'))).sort();
    for (const name of sources) {
      const files = (await readdir(deployed.find((f) => f.name === name)!.path, { recursive: true })).map(String);
      for (const slug of slugs) expect(files, `${name} carries ${slug}'s file`).toContain(`src/generated/providers/${slug}.json`);
      expect(files.filter((file) => file.startsWith('src/generated/addresses/')).map((file) => file.slice('src/generated/addresses/'.length)).sort(), name).toEqual(buckets);
      expect(files.filter((file) => file.startsWith('netlify/functions/') || file.startsWith('src/lib/')), `${name} ships no source`).toEqual([]);
    }
  });

  it('ships the adapter’s SSR function with every provider’s file, the address buckets and every story', async () => {
    const files = (await readdir(deployed.find((f) => f.name === 'ssr')!.path, { recursive: true })).map(String);
    const under = (folder: string) => files.filter((file) => file.startsWith(`src/generated/${folder}/`)).map((file) => file.slice(`src/generated/${folder}/`.length)).sort();
    expect(under('providers')).toEqual(slugs.map((slug) => `${slug}.json`).sort());
    expect(under('stories')).toEqual(slugs.map((slug) => `${slug}.html`).sort());
    expect(under('addresses')).toEqual((await readdir(join(root, 'src/generated/addresses'))).sort());
  });
});

describe('a deployed function, run from its own folder', () => {
  let blobs: LocalBlobs;
  let mailbox: string;
  beforeAll(async () => {
    blobs = await startBlobs();
    mailbox = await mkdtemp(join(tmpdir(), 'vouch-deploy-mailbox-'));
    useMailbox(mailbox);
  });
  afterAll(async () => {
    await blobs.stop();
    await rm(mailbox, { recursive: true, force: true });
  });

  it('finds the provider it serves and sends its email (the renderer, loaded on the first email, is in the bundle)', async () => {
    const { handler } = await unzipped('referrers');
    const email = 'deployed.bundle@example.org';
    const response = await handler(
      new Request(`${ORIGIN}/api/referrers`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ provider: slugs[0], name: 'Dee Ployed', email }) }),
    );
    expect(response.status).toBe(202);
    const mail = (await readMailbox(mailbox)).find((message) => message.to.includes(email));
    expect(mail?.subject, 'the link email, rendered by the deployed bundle').toBeTruthy();
    expect(mail?.html).toContain('<html');
  });

  it('ships the modules it loads when first used apart from its code, and sends through Resend with them', async () => {
    const { files, handler } = await unzipped('referrers');
    expect(files.filter((file) => file.startsWith('.netlify/function-modules/')).sort()).toEqual(['.netlify/function-modules/renderer.mjs', '.netlify/function-modules/resend.mjs']);
    const api = await startResendApi();
    useResend(api);
    try {
      const email = 'deployed.resend@example.org';
      const response = await handler(
        new Request(`${ORIGIN}/api/referrers`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ provider: slugs[0], name: 'Dee Ployed', email }) }),
      );
      expect(response.status).toBe(202);
      const sent = api.sent.find((message) => [message.body.to].flat().includes(email));
      expect(sent?.body.subject, 'the link email, rendered and sent by the modules the deployed function loaded').toBeTruthy();
      expect(sent?.body.html).toContain('<html');
    } finally {
      useMailbox(mailbox);
      await api.close();
    }
  });

  it('answers a provider it has no file for as unknown (404), and reads no file a slug could name', async () => {
    const { handler } = await unzipped('referrers');
    const response = await handler(
      new Request(`${ORIGIN}/api/referrers`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ provider: 'no-such-provider', name: 'Dee Ployed', email: 'x@example.org' }) }),
    );
    expect(response.status).toBe(404);
    const outside = await handler(
      new Request(`${ORIGIN}/api/referrers`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ provider: '../addresses/00', name: 'Dee Ployed', email: 'x@example.org' }) }),
    );
    expect(outside.status, 'a slug that names another folder is a field error').toBe(422);
  });

  it('draws a preview image with the fonts and the WebAssembly renderer it ships', async () => {
    const { handler, files } = await unzipped('og');
    expect(files).toContain('node_modules/@resvg/resvg-wasm/index_bg.wasm');
    const response = await handler(new Request(`http://127.0.0.1:9/og/${slugs[0]}.png`), { params: { slug: slugs[0] } });
    expect(response.status).toBe(200);
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)], 'width and height').toEqual([1200, 630]);
  });
});

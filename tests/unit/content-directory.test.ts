// The providers a function or page looks up at run time, from the files `npm run content` writes:
// by slug (one provider's file) and by notification address (one bucket of addresses), never
// every provider, and never a file a slug or an address from a request could name.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateContent } from '../../src/lib/content/generate.ts';
import { createDirectory } from '../../src/lib/content/index.ts';
import { findGenerated } from '../../src/lib/content/files.ts';

const projects: string[] = [];
afterEach(async () => {
  for (const dir of projects.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A project whose content/ is the `valid` fixture's, generated as `npm run content` does. */
async function generated() {
  const root = await mkdtemp(join(tmpdir(), 'vouch-directory-'));
  projects.push(root);
  await cp(join('tests', 'fixtures', 'content', 'valid'), join(root, 'content'), { recursive: true });
  const { providers } = await generateContent(root);
  return { root, providers, directory: createDirectory(join(root, 'src', 'generated')) };
}

describe('the directory of providers', () => {
  it('finds a provider by slug, as validated, and nothing for a slug it does not know', async () => {
    const { providers, directory } = await generated();
    expect(directory.get('ada-lovelace')).toEqual(providers.find((p) => p.slug === 'ada-lovelace'));
    expect(directory.get('grace-hopper')?.name).toBe('Grace Hopper');
    for (const slug of ['nobody', '', 'Ada-Lovelace', '../providers/ada-lovelace', 'ada-lovelace.json', '__proto__', 'a'.repeat(65)]) {
      expect(directory.get(slug), slug).toBeUndefined();
    }
  });

  it('finds the providers an address notifies, compared case-blind, and none for another address', async () => {
    const { directory } = await generated();
    expect(directory.byAddress('  ADA@Fixture.example.com ').map((p) => p.slug)).toEqual(['ada-lovelace']);
    for (const address of ['someone@fixture.example.com', 'constructor', '__proto__', '']) expect(directory.byAddress(address), address).toEqual([]);
  });

  it('writes one file per provider and 256 buckets at most, whatever the number of providers', async () => {
    const { root } = await generated();
    expect((await readdir(join(root, 'src', 'generated', 'providers'))).sort()).toEqual(['ada-lovelace.json', 'grace-hopper.json']);
    const buckets = await readdir(join(root, 'src', 'generated', 'addresses'));
    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) expect(bucket).toMatch(/^[0-9a-f]{2}\.json$/);
  });

  it('reads a provider again once its file changes, as under npm start, and forgets one removed', async () => {
    const { root, directory } = await generated();
    expect(directory.get('ada-lovelace')?.responseHours).toBe(24);
    const ada = join(root, 'content', 'providers', 'ada-lovelace.md');
    await writeFile(ada, (await readFile(ada, 'utf8')).replace('responseHours: 24', 'responseHours: 48').replace('partners:\n  - grace-hopper\n', ''));
    await rm(join(root, 'content', 'providers', 'grace-hopper.md'));
    await generateContent(root);
    expect(directory.get('ada-lovelace')?.responseHours).toBe(48);
    expect(directory.get('grace-hopper')).toBeUndefined();
  });

  it('is found from the code that reads it, wherever a bundle puts that code in the project', async () => {
    const { root } = await generated();
    const generatedDir = join(root, 'src', 'generated');
    for (const module of ['src/lib/content/files.ts', '.netlify/v1/functions/referrals.mjs', '.netlify/build/chunks/page.mjs', 'netlify/functions/og.mjs']) {
      expect(findGenerated(join(root, module)), module).toBe(generatedDir);
    }
    expect(() => findGenerated(join(tmpdir(), 'elsewhere', 'bundle.mjs'))).toThrow(/run npm run content/);
  });
});

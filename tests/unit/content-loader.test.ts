import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataStore, LoaderContext } from 'astro/loaders';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/lib/content/load.ts';
import { providersLoader } from '../../src/lib/content/loader.ts';
import { readContentProblem } from '../../src/lib/content/problem.ts';

type Entry = Parameters<DataStore['set']>[0];
const projects: string[] = [];
afterEach(async () => {
  for (const dir of projects.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A project holding a copy of a fixture's content/, and what the content layer gives a loader, over an in-memory store. */
async function project(fixture: string) {
  const root = await mkdtemp(join(tmpdir(), 'vouch-loader-'));
  projects.push(root);
  await cp(join('tests', 'fixtures', 'content', fixture), join(root, 'content'), { recursive: true });
  const entries = new Map<string, Entry>();
  const rendered: string[] = [];
  const store = {
    get: (id: string) => entries.get(id),
    set: (entry: Entry) => Boolean(entries.set(entry.id, entry)),
    keys: () => [...entries.keys()],
    delete: (id: string) => void entries.delete(id),
  };
  const context = {
    config: { root: pathToFileURL(`${root}/`) },
    store,
    renderMarkdown: async (body: string) => {
      rendered.push(body.trim());
      return { html: `<p>${body.trim()}</p>`, metadata: { imagePaths: [] } };
    },
    generateDigest: (text: string) => createHash('sha256').update(text).digest('hex'),
  } as unknown as LoaderContext;
  const file = (name: string) => readFile(join(root, 'src', 'generated', name), 'utf8');
  const generated = async (name: string) => JSON.parse(await file(name));
  const listed = (folder: string) => readdir(join(root, 'src', 'generated', folder));
  return { root, entries, rendered, context, file, generated, listed, load: () => providersLoader().load(context) };
}

describe('the providers loader', () => {
  it('stores each provider with its rendered story, and writes the site settings, a file per provider and a file per story from the same read', async () => {
    const { entries, file, generated, listed, load } = await project('valid');
    await load();
    expect([...entries.keys()]).toEqual(['ada-lovelace', 'grace-hopper']);
    const ada = entries.get('ada-lovelace');
    expect(ada?.data).toMatchObject({ name: 'Ada Lovelace', responseHours: 24, partners: ['grace-hopper'] });
    expect(ada?.data).not.toHaveProperty('slug');
    expect(ada?.filePath).toBe(join('content', 'providers', 'ada-lovelace.md'));
    expect(ada?.rendered?.html).toBe('<p>I write notes longer than the paper they comment on.</p>');

    expect((await listed('providers')).sort()).toEqual(['ada-lovelace.json', 'grace-hopper.json']);
    const generatedAda = await generated('providers/ada-lovelace.json');
    expect(generatedAda).toEqual({ ...ada?.data, slug: 'ada-lovelace' });
    expect(JSON.stringify(generatedAda)).not.toContain('notes longer than the paper');
    expect((await generated('site.json')).siteName).toBe('Fixture Referrals');
    expect(await file('stories/ada-lovelace.html')).toBe(ada?.rendered?.html);
  });

  it('renders again only the files that changed, and drops a provider whose file is gone', async () => {
    const { root, entries, rendered, listed, load } = await project('valid');
    await load();
    rendered.length = 0;
    const ada = join(root, 'content', 'providers', 'ada-lovelace.md');
    await writeFile(ada, (await readFile(ada, 'utf8')).replace('partners:\n  - grace-hopper\n', '').replace('I write notes', 'I now write notes'));
    await load();
    expect(rendered).toEqual(['I now write notes longer than the paper they comment on.']);
    await unlink(join(root, 'content', 'providers', 'grace-hopper.md'));
    await load();
    expect(rendered).toHaveLength(1);
    expect([...entries.keys()]).toEqual(['ada-lovelace']);
    expect(await listed('stories')).toEqual(['ada-lovelace.html']);
    expect(await listed('providers')).toEqual(['ada-lovelace.json']);
  });

  it('fails with the ContentError of npm run content, naming the file and the field, and writes nothing', async () => {
    const { entries, listed, load } = await project('unknown-field');
    const error = await load().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems).toEqual([expect.stringMatching(/providers\/ada-lovelace\.md: favouriteColour: is not a known field$/)]);
    expect(entries.size).toBe(0);
    await expect(listed('.')).rejects.toThrow(/ENOENT/);
  });

  it('under astro dev, reports a mistake instead of stopping, and clears it once the file is fixed even if no save event arrives', async () => {
    const { root, entries, context, load } = await project('valid');
    await load();
    const watcher = new EventEmitter() as EventEmitter & { add: () => void };
    watcher.add = () => {};
    const errors: string[] = [];
    const dev = { ...context, watcher, logger: { info: () => {}, error: (line: string) => errors.push(line), warn: () => {} } } as unknown as LoaderContext;
    const ada = join(root, 'content', 'providers', 'ada-lovelace.md');
    const good = await readFile(ada, 'utf8');
    await writeFile(ada, good.replace(/^name: .*$/m, 'name: 12'));
    // A dev server with a mistake in content/ starts, keeps the last good entries, and says what is wrong.
    await expect(providersLoader().load(dev)).resolves.toBeUndefined();
    expect(entries.size).toBe(2);
    const problem = () => readContentProblem(root);
    expect(await problem()).toMatch(/content\/providers\/ada-lovelace\.md: name: /);
    expect(errors).toHaveLength(1);
    // Fixed without any watcher event (a save the watcher missed): the loader looks again by itself.
    await writeFile(ada, good);
    await expect.poll(problem, { timeout: 10_000 }).toBeNull();
    expect(errors, 'the same mistake is logged once, not at every look').toHaveLength(1);
  });
});

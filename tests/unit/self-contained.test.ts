// The project stands on its own: every document a comment, README or doc names by its file name is a
// file of the project, so a reader never meets a reference to something they cannot open.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['generated', 'results', 'node_modules', '__snapshots__'].includes(entry.name) ? [] : files(path);
    return /\.(ts|tsx|astro|mjs|cjs|md)$/.test(entry.name) ? [path] : [];
  });
}

const documents = [
  ...readdirSync(root).filter((name) => name.endsWith('.md')),
  ...['src', 'netlify', 'scripts', 'bench', 'tests', 'content', 'schemas', '.ci'].filter((dir) => existsSync(join(root, dir))).flatMap(files),
];

describe('the project stands on its own', () => {
  it('names only documents it holds', () => {
    expect(documents.length).toBeGreaterThan(100);
    const missing = documents.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/\b([A-Z][A-Z_-]+\.md)\b/g)]
        .map(([, name]) => name as string)
        .filter((name) => !existsSync(join(root, name)))
        .map((name) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});

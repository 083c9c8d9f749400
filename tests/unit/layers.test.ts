// The layering check (`npm run check:layers`) against small trees with one violation planted
// in each: every rule must fail on its own violation, and pass on the clean tree.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayers, describeReport, MAX_DOMAIN_CHAIN, projectRoot } from '../../scripts/lib/layers.ts';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A tree of files under a fresh folder, cruised from `src` with the project's rules. */
async function cruiseTree(files: Record<string, string>, roots = ['src']) {
  const root = mkdtempSync(join(tmpdir(), 'vouch-layers-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return describeReport(await checkLayers(root, roots));
}

/** A domain that keeps every rule: a chain of exactly the longest length allowed, two use cases side by side. */
const clean: Record<string, string> = {
  'src/lib/domain/a.ts': "export const a = 1;\n",
  'src/lib/domain/b.ts': "import { a } from './a.ts';\nexport const b = a + 1;\n",
  'src/lib/domain/c.ts': "import { b } from './b.ts';\nexport const c = b + 1;\n",
  'src/lib/domain/d.ts': "import { c } from './c.ts';\nexport type D = { d: number };\nexport const d = c + 1;\n",
  'src/lib/domain/use-cases/one.ts': "import { d } from '../d.ts';\nexport const one = () => d;\n",
  'src/lib/domain/use-cases/two.ts': "import { c } from '../c.ts';\nexport const two = () => c;\n",
  'src/lib/adapters/store.ts': "import { readFileSync } from 'node:fs';\nimport { one } from '../domain/use-cases/one.ts';\nexport const store = () => [readFileSync, one];\n",
};

describe('the layering check', () => {
  it('passes a tree that keeps every rule, with a chain of exactly the longest length allowed', async () => {
    const report = await cruiseTree(clean);
    expect(report.lines.join('\n')).toContain(`longest domain chain: ${MAX_DOMAIN_CHAIN} files`);
    expect(report.ok, report.lines.join('\n')).toBe(true);
  });

  it('fails on a domain file that imports anything but its own folder and zod', async () => {
    const report = await cruiseTree({ ...clean, 'src/lib/domain/b.ts': "import { readFileSync } from 'node:fs';\nimport { a } from './a.ts';\nexport const b = a + 1;\nexport const read = readFileSync;\n" });
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/domain-imports-only-zod: src\/lib\/domain\/b\.ts -> (node:)?fs$/m);
  });

  it('fails on a domain file that imports an adapter', async () => {
    const report = await cruiseTree({ ...clean, 'src/lib/domain/a.ts': "import type { store } from '../adapters/store.ts';\nexport const a = 1;\nexport type S = typeof store;\n" });
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/domain-imports-only-zod: src\/lib\/domain\/a\.ts -> src\/lib\/adapters\/store\.ts/);
  });

  it('fails on a use case that imports another', async () => {
    const report = await cruiseTree({ ...clean, 'src/lib/domain/use-cases/two.ts': "import { one } from './one.ts';\nexport const two = () => one();\n" });
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/use-cases-side-by-side: src\/lib\/domain\/use-cases\/two\.ts -> src\/lib\/domain\/use-cases\/one\.ts/);
  });

  it('fails on a cycle made of type-only imports', async () => {
    const report = await cruiseTree({
      ...clean,
      'src/lib/domain/a.ts': "import type { D } from './d.ts';\nexport const a = 1;\nexport type A = D;\n",
    });
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/no-cycles: src\/lib\/domain\/a\.ts -> src\/lib\/domain\/d\.ts/);
  });

  it('fails on a chain of imports one file longer than allowed', async () => {
    const chain = await cruiseTree({ ...clean, 'src/lib/domain/e.ts': "import { d } from './d.ts';\nexport const e = d + 1;\n", 'src/lib/domain/use-cases/one.ts': "import { e } from '../e.ts';\nexport const one = () => e;\n" });
    expect(chain.ok).toBe(false);
    expect(chain.lines.join('\n')).toContain(`domain-chain-too-long: ${MAX_DOMAIN_CHAIN + 1} files`);
  });

  it('counts type-only imports in a chain: a type is something a reader follows too', async () => {
    const chain = await cruiseTree({
      ...clean,
      'src/lib/domain/e.ts': "import type { D } from './d.ts';\nexport type E = D;\n",
      'src/lib/domain/use-cases/one.ts': "import type { E } from '../e.ts';\nexport const one = (e: E) => e;\n",
    });
    expect(chain.ok).toBe(false);
    expect(chain.lines.join('\n')).toContain(`domain-chain-too-long: ${MAX_DOMAIN_CHAIN + 1} files`);
  });

  it('fails on a test that imports a benchmark', async () => {
    const tree = { ...clean, 'bench/serve.ts': 'export const serve = 1;\n', 'tests/a.test.ts': "import { serve } from '../bench/serve.ts';\nexport const a = serve;\n" };
    const report = await cruiseTree(tree, ['src', 'tests', 'bench']);
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/tests-do-not-import-benchmarks: tests\/a\.test\.ts -> bench\/serve\.ts/);
    const fine = await cruiseTree({ ...tree, 'tests/a.test.ts': 'export const a = 1;\n', 'bench/serve.ts': "import { a } from '../tests/a.test.ts';\nexport const serve = a;\n" }, ['src', 'tests', 'bench']);
    expect(fine.ok, fine.lines.join('\n')).toBe(true);
  });

  it('passes on the project itself', async () => {
    const report = describeReport(await checkLayers(projectRoot, ['src', 'netlify', 'scripts', 'bench', 'tests'], 'tsconfig.json'));
    expect(report.ok, report.lines.join('\n')).toBe(true);
  }, 60_000);
});

// The layering, as rules the build checks (`npm run check:layers`, part of `npm test`).
// Code flows one way: pages and functions -> adapters -> domain; the domain imports zod and
// nothing else, use cases sit side by side, and nothing imports in a circle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-zod',
      comment: 'The domain is plain TypeScript: it imports its own files and zod, never a framework, an SDK or Node.',
      severity: 'error',
      from: { path: '^src/lib/domain/' },
      to: { pathNot: ['^src/lib/domain/', '^node_modules/zod/'] },
    },
    {
      name: 'use-cases-side-by-side',
      comment: 'No use case imports another: what two share lives one floor down, in src/lib/domain/.',
      severity: 'error',
      from: { path: '^src/lib/domain/use-cases/' },
      to: { path: '^src/lib/domain/use-cases/' },
    },
    {
      name: 'tests-do-not-import-benchmarks',
      comment: 'Benchmarks may use the test doubles; tests never depend on a benchmark. What both need lives in scripts/lib/.',
      severity: 'error',
      from: { path: '^tests/' },
      to: { path: '^bench/' },
    },
    {
      name: 'no-cycles',
      comment: 'No file reaches itself through its imports, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a circle of types is still a circle a reader has to untie.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};

// The layering check behind `npm run check:layers`: dependency-cruiser's rules from
// .dependency-cruiser.cjs, and the longest chain of imports inside src/lib/domain, which
// dependency-cruiser has no rule for.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

/** The longest import chain allowed inside the domain, counted in files (a file that imports nothing is a chain of 1), type-only imports included. */
export const MAX_DOMAIN_CHAIN = 5;

const DOMAIN = /^src\/lib\/domain\//;

/** What the check found: each broken rule as a line, and the domain's longest chain of imports. */
export type LayerReport = { violations: string[]; longestChain: string[] };

/** Cruises `roots` under `baseDir` with the project's rules (`tsConfig` when the tree has one). */
export async function checkLayers(baseDir: string, roots: string[], tsConfig?: string): Promise<LayerReport> {
  const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
  const cwd = process.cwd();
  process.chdir(baseDir);
  let output: ICruiseResult;
  try {
    const result = await cruise(roots, {
      ...config.options,
      ruleSet: { forbidden: config.forbidden ?? [] },
      validate: true,
      ...(tsConfig ? { tsConfig: { fileName: tsConfig } } : { tsConfig: undefined }),
      outputType: 'json',
    });
    output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
  const violations = output.summary.violations.map((v) => `${v.rule.name}: ${[v.from, ...(v.cycle?.map((c) => c.name) ?? [v.to])].join(' -> ')}`);
  return { violations, longestChain: longestChain(output) };
}

/**
 * The longest path of imports between domain files, type-only imports included: a type is
 * something a reader follows too (the graph has no cycle once the rules pass; a cycle is cut
 * where it closes).
 */
function longestChain(output: ICruiseResult): string[] {
  const edges = new Map<string, string[]>();
  for (const module of output.modules) {
    if (!DOMAIN.test(module.source)) continue;
    edges.set(
      module.source,
      module.dependencies.filter((d) => DOMAIN.test(d.resolved)).map((d) => d.resolved),
    );
  }
  const memo = new Map<string, string[]>();
  const visit = (file: string, path: Set<string>): string[] => {
    const known = memo.get(file);
    if (known) return known;
    let best: string[] = [];
    for (const next of edges.get(file) ?? []) {
      if (path.has(next)) continue;
      const chain = visit(next, new Set([...path, next]));
      if (chain.length > best.length) best = chain;
    }
    const chain = [file, ...best];
    memo.set(file, chain);
    return chain;
  };
  let longest: string[] = [];
  for (const file of edges.keys()) {
    const chain = visit(file, new Set([file]));
    if (chain.length > longest.length) longest = chain;
  }
  return longest;
}

/** The report as lines for a person: what broke, or that nothing did. */
export function describeReport(report: LayerReport): { ok: boolean; lines: string[] } {
  const chainTooLong = report.longestChain.length > MAX_DOMAIN_CHAIN;
  const lines = [
    ...report.violations,
    `${chainTooLong ? 'domain-chain-too-long' : 'longest domain chain'}: ${report.longestChain.length} files (at most ${MAX_DOMAIN_CHAIN}): ${chainOf(report.longestChain)}`,
  ];
  return { ok: report.violations.length === 0 && !chainTooLong, lines };
}

const chainOf = (files: string[]): string => files.map((f) => f.replace(DOMAIN, '')).join(' -> ');

export const projectRoot = join(import.meta.dirname, '..', '..');

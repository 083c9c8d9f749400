// Records own their keys: every key of a store is built by the one module that owns that
// store's records, and no other production file spells one. The key layouts are read from the
// owners themselves, so a layout added there is checked everywhere else at once.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueKeys, indexKeys, referralKeys } from '../../src/lib/domain/records/referrals.ts';
import { introductionKeys } from '../../src/lib/domain/records/introductions.ts';
import { outboxKeys, webhookKeys } from '../../src/lib/domain/records/outbox.ts';
import { preferencesKey } from '../../src/lib/domain/records/referrer-preferences.ts';
import { referrerKeys } from '../../src/lib/domain/records/referrers.ts';
import { sessionKeys } from '../../src/lib/domain/records/sessions.ts';
import { suppressionKey } from '../../src/lib/domain/suppression.ts';

const root = join(import.meta.dirname, '..', '..');

/** The modules allowed to spell keys: one per stored thing. */
const owners = new Set(['src/lib/domain/records/', 'src/lib/domain/suppression.ts']);
const isOwner = (file: string) => [...owners].some((owner) => file.startsWith(owner));

/** Every builder's output for sample values, and so the first segment of every key layout. */
const builders: ((...args: never[]) => unknown)[] = [
  ...Object.values(referralKeys),
  ...Object.values(referrerKeys),
  ...Object.values(outboxKeys),
  ...Object.values(introductionKeys),
  ...Object.values(sessionKeys),
  ...Object.values(indexKeys),
  ...Object.values(webhookKeys),
  preferencesKey,
];
const sample = (build: (...args: never[]) => unknown) => {
  try {
    return (build as (...args: unknown[]) => unknown)('jane-okafor', 'x', 1, 'y');
  } catch {
    return undefined;
  }
};
const roots = new Set(
  [...builders.map(sample), dueKeys.at('remind', 0, 'x'), dueKeys.at('retain', 0, 'x'), dueKeys.cursor('remind'), suppressionKey({ digest: () => 'digest' }, 'a@example.com')]
    .filter((key): key is string => typeof key === 'string' && key.includes('/'))
    .map((key) => key.slice(0, key.indexOf('/') + 1)),
);

function productionFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : productionFiles(path);
    return /\.(ts|tsx|astro|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** A string or template literal that starts with a key's first segment, e.g. `code/${…}` or 'pending/'. */
const keyLiteral = (prefix: string) => new RegExp(`[\`'"]${prefix.replace(/[-/]/g, '\\$&')}`);

describe('record keys', () => {
  it('reads every store key layout from its owner', () => {
    for (const root of ['id/', 'code/', 'prefs/', 'msg/', 'pending/', 'submission/', 'due/', 'used/', 'address/', 'no-introductions/', 'provider/', 'hook-log/', 'hook-endpoint/', 'hook-test/']) expect(roots).toContain(root);
  });

  it('are spelled by their owner module only', () => {
    const files = [...productionFiles('src'), ...productionFiles('netlify')].map((file) => relative(root, join(root, file)));
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const file of files.filter((f) => !isOwner(f))) {
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      lines.forEach((line, index) => {
        for (const prefix of roots) if (keyLiteral(prefix).test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('would catch a key typed by hand', () => {
    expect([...roots].some((prefix) => keyLiteral(prefix).test("deps.store.get('referrers', `code/${code}`)"))).toBe(true);
    expect([...roots].some((prefix) => keyLiteral(prefix).test("deps.store.list('outbox', 'pending/')"))).toBe(true);
  });
});

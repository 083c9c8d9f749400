import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { CORE_SCHEMA, load as parseYaml } from 'js-yaml';
import type { z } from 'zod';
import { Provider, type ProviderEntry, rewardOffers, SiteSettings } from '../domain/provider.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { builtInCopy, type EmailCopy, parseEmailCopy } from '../domain/emails/index.ts';
import { atATime } from './at-a-time.ts';

/** A content mistake, naming the file and the field, e.g. "content/providers/jane.md: responseHours: …". */
export class ContentError extends Error {
  override name = 'ContentError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Content has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

/** A provider's file as read: its path, its whole text (to tell when it changed) and its Markdown body (the story). */
export type ProviderFile = { path: string; text: string; body: string };

/** Validated content: site settings, providers (slug included), each provider's file by slug, and the email copy. */
export type LoadedContent = { site: SiteSettings; providers: ProviderEntry[]; files: Map<string, ProviderFile>; emails: EmailCopy };

/** Formats zod issues as "file: field.path: message" lines; `whole` names an issue about the whole file. */
export function describeIssues(file: string, error: z.ZodError, whole = '(frontmatter)'): string[] {
  return error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')).join(', ') : issue.path.join('.');
    const message = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
    return `${file}: ${path || whole}: ${message}`;
  });
}

/** Splits a Markdown file into its YAML frontmatter and body. */
export function splitFrontmatter(source: string): { data: unknown; body: string } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) return null;
  // The YAML 1.2 core schema: a date-like or yes/no value stays the string the author wrote.
  return { data: parseYaml(match[1] ?? '', { schema: CORE_SCHEMA }), body: match[2] ?? '' };
}

/** Reads files a few at a time, in order: each file's text, or the error reading it. */
const readAll = (paths: string[]): Promise<(string | Error)[]> => atATime(paths, (path) => readFile(path, 'utf8').catch((error: Error) => error));

/** A path as people read it: relative to the project. */
const show = (file: string) => relative(process.cwd(), file) || file;

/** The file in `content/` that overrides any string of the emails' built-in wording. */
export const EMAIL_COPY_FILE = 'emails.yaml';

/**
 * Reads the email copy file: optional (without it every email keeps its built-in wording), and
 * each string in it replaces the built-in one (a file holding every string, as forks once
 * shipped it, simply replaces them all); the problems name the file and the field.
 */
export async function readEmailCopy(file: string): Promise<Result<EmailCopy, string[]>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(builtInCopy);
    return err([`${show(file)}: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    return err([`${show(file)}: not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = parseEmailCopy(data);
  return parsed.ok ? parsed : err(describeIssues(show(file), parsed.error, '(the whole file)'));
}

/** Reads and validates the email copy file; throws `ContentError` listing every problem. */
export async function loadEmailCopy(file: string): Promise<EmailCopy> {
  const read = await readEmailCopy(file);
  if (!read.ok) throw new ContentError(read.error);
  return read.value;
}

/** Reads and validates `content/` (site settings, providers, email copy); throws `ContentError` listing every problem. */
export async function loadContent(root: string): Promise<LoadedContent> {
  const problems: string[] = [];

  const siteFile = join(root, 'site.json');
  let site: SiteSettings | undefined;
  try {
    const parsed = SiteSettings.safeParse(JSON.parse(await readFile(siteFile, 'utf8')));
    if (parsed.success) site = parsed.data;
    else problems.push(...describeIssues(show(siteFile), parsed.error));
  } catch (error) {
    problems.push(`${show(siteFile)}: ${(error as Error).message}`);
  }

  const dir = join(root, 'providers');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const isSlug = (slug: string) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug);
  const slugs = new Set(files.map((name) => basename(name, '.md')).filter(isSlug));
  const texts = await readAll(files.map((name) => join(dir, name)));
  const providers: ProviderEntry[] = [];
  const providerFiles = new Map<string, ProviderFile>();
  for (const [i, name] of files.entries()) {
    const file = join(dir, name);
    const slug = basename(name, '.md');
    if (!isSlug(slug)) {
      problems.push(`${show(file)}: the file name must be a slug like jane-doe.md`);
      continue;
    }
    const text = texts[i] as string | Error;
    let split: ReturnType<typeof splitFrontmatter>;
    try {
      if (text instanceof Error) throw text;
      split = splitFrontmatter(text);
    } catch (error) {
      problems.push(`${show(file)}: frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    if (!split) {
      problems.push(`${show(file)}: must start with frontmatter between two lines of ---`);
      continue;
    }
    const parsed = Provider.safeParse(split.data);
    if (parsed.success) {
      providers.push({ ...parsed.data, slug });
      for (const [field, offer] of rewardOffers(parsed.data, split.body)) {
        problems.push(
          parsed.data.referralFees === 'none'
            ? `${show(file)}: ${field}: offers a reward for referring ("${offer}"). Referrals here are recommendations, not a scheme: take it out, or disclose the arrangement as referralFees: { disclosed: "who is paid what" } (it is then shown as a plain disclosure)`
            : `${show(file)}: ${field}: reads as an offer ("${offer}"); write it as a plain disclosure of who is paid what, e.g. "I pay Northside Wealth 10% of my first-year fee for each client they introduce."`,
        );
      }
    } else problems.push(...describeIssues(show(file), parsed.error));
    providerFiles.set(slug, { path: file, text: text as string, body: split.body });
  }
  if (files.length === 0) problems.push(`${show(dir)}: add at least one provider (<slug>.md)`);

  for (const provider of providers) {
    provider.partners.forEach((partner, i) => {
      if (partner === provider.slug) problems.push(`${show(join(dir, `${provider.slug}.md`))}: partners.${i}: a provider cannot be their own partner`);
      else if (!slugs.has(partner)) problems.push(`${show(join(dir, `${provider.slug}.md`))}: partners.${i}: no provider "${partner}" in ${show(dir)}`);
    });
  }

  const emails = await readEmailCopy(join(root, EMAIL_COPY_FILE));
  if (!emails.ok) problems.push(...emails.error);

  if (problems.length > 0 || !site || !emails.ok) throw new ContentError(problems);
  return { site, providers, files: providerFiles, emails: emails.value };
}

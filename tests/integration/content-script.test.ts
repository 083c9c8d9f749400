// `npm run content` (scripts/generate-content.ts) in a project of its own: a mistake in
// content/emails.yaml, or a webhook that would go out unencrypted, stops it with a message
// naming the file and the field, and writes nothing; a valid file's wording reaches the
// generated content the functions read.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInCopy } from '../../src/lib/domain/emails/index.ts';

const SCRIPT = join(process.cwd(), 'scripts', 'generate-content.ts');
const projects: string[] = [];

/** A project whose content/ is a copy of a fixture folder, with `emails` as its emails.yaml. */
async function projectWith(fixture: string, emails?: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vouch-content-'));
  projects.push(root);
  await cp(join(process.cwd(), 'tests', 'fixtures', 'content', fixture), join(root, 'content'), { recursive: true });
  if (emails !== undefined) await writeFile(join(root, 'content', 'emails.yaml'), emails);
  return root;
}

/** Runs the script in `root` as `npm run content` runs it there. */
async function generate(root: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [SCRIPT], { cwd: root });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

const exists = (file: string) => readFile(file).then(
  () => true,
  () => false,
);

afterEach(async () => {
  await Promise.all(projects.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('npm run content', () => {
  it('fails on a typo in an email placeholder, naming the file and the string, and writes nothing', async () => {
    const root = await projectWith('bad-email-copy');
    const { code, stderr } = await generate(root);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Content has 1 problem:\n  - content/emails.yaml: referrer-link.subject: {providerNmae} is not a placeholder this text can use; it can use {siteName}, {privacyContact}, {providerName}\n',
    );
    expect(await exists(join(root, 'src', 'generated', 'emails.json'))).toBe(false);
  });

  it('fails on a webhook that would send people’s details in the clear, naming the file and the field, and writes nothing', async () => {
    const root = await projectWith('valid');
    const file = join(root, 'content', 'providers', 'ada-lovelace.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('partners:', 'webhook:\n  url: http://hooks.example.com/ada\n  secretVariable: WEBHOOK_SECRET_ADA\npartners:'));
    const { code, stderr } = await generate(root);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "Content has 1 problem:\n  - content/providers/ada-lovelace.md: webhook.url: must be an https:// address, not http: events carry people's details and travel encrypted only\n",
    );
    expect(await exists(join(root, 'src', 'generated', 'content.json'))).toBe(false);
  });

  it('writes the wording of content/emails.yaml, built-in wording filled in, for the functions', async () => {
    const root = await projectWith('valid', 'referrer-link:\n  subject: "{providerName} asked us to send you this"\n');
    expect(await generate(root)).toEqual({ code: 0, stderr: '' });
    const emails = JSON.parse(await readFile(join(root, 'src', 'generated', 'emails.json'), 'utf8')) as typeof builtInCopy;
    expect(emails).toEqual({
      ...builtInCopy,
      'referrer-link': { ...builtInCopy['referrer-link'], subject: '{providerName} asked us to send you this' },
    });
  });
});

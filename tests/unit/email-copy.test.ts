// The wording of every email is built in, declared beside each email's code; content/emails.yaml
// only overrides it: the file is checked against what each string may say, and what it says
// reaches the emails. `npm run emails:wording` prints the whole built-in wording to copy from.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { type CommentedKey, commentedKeys } from '../support/yaml-comments.ts';
import { describe, expect, it } from 'vitest';
import { ContentError, loadEmailCopy } from '../../src/lib/content/load.ts';
import type { EmailContent } from '../../src/lib/domain/ports.ts';
import { allowedFor, fill, isWording, placeholderProblems, type Wording, type WordingTree } from '../../src/lib/domain/emails/copy.ts';
import { emailSamples, templateNames } from '../../src/lib/email/samples.ts';
import { createPreviewer } from '../../src/lib/email/preview.ts';
import { builtInCopy, type EmailCopy, parseEmailCopy, wording } from '../../src/lib/domain/emails/index.ts';
import { emailWordingYaml } from '../../src/lib/content/email-wording.ts';
import { site } from '../fixtures/domain.ts';

const SHIPPED = join('content', 'emails.yaml');
const BASE = 'https://vouch.test';
const render = (copy: EmailCopy) => createPreviewer(site, BASE, copy);
const fixture = (name: string) => join('tests', 'fixtures', 'emails', `${name}.yaml`);

/** The problems a copy file raises. */
async function problemsOf(file: string): Promise<string[]> {
  const error = await loadEmailCopy(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  return (error as ContentError).problems;
}

/** Every string the emails use, as [dotted path, its declaration, its message's placeholders]. */
const declared = (): [string, Wording, readonly string[]][] => {
  const walk = (tree: WordingTree, path: string, vars: readonly string[]): [string, Wording, readonly string[]][] =>
    Object.entries(tree).flatMap(([key, node]) => (isWording(node) ? [[`${path}.${key}`, node, vars] as const] : walk(node, `${path}.${key}`, vars)));
  return Object.entries(wording).flatMap(([name, spec]) => walk(spec.words, name, spec.vars));
};

describe('the shipped content/emails.yaml', () => {
  it('overrides nothing: every email reads as built in', async () => {
    expect(await loadEmailCopy(SHIPPED)).toEqual(builtInCopy);
  });

  it('holds an example that, taken out of its comment, is a valid override of the strings it names', async () => {
    const lines = (await readFile(SHIPPED, 'utf8')).split('\n');
    const start = lines.findIndex((line) => /^# For example/.test(line));
    const example = lines.slice(start).filter((line) => /^# {0,3}[\w-]+:/.test(line)).map((line) => line.slice(2)).join('\n');
    const copy = parseEmailCopy(parseYaml(example));
    expect(copy.ok).toBe(true);
    const changed = copy.ok ? copy.value : builtInCopy;
    expect(changed['referrer-link'].subject).not.toBe(builtInCopy['referrer-link'].subject);
    expect(changed.common.greeting).not.toBe(builtInCopy.common.greeting);
    expect(render(changed)(emailSamples['referrer-link']).subject).toBe('Jane Okafor asked us to send you your personal link');
  });
});

describe('the printed wording (npm run emails:wording)', () => {
  const printed = emailWordingYaml();

  it('is a copy file holding every string, as built in: copied whole into content/emails.yaml, it changes nothing', () => {
    const parsed = parseEmailCopy(parseYaml(printed));
    expect(parsed.ok && parsed.value).toEqual(builtInCopy);
    const shape = (tree: unknown): unknown =>
      typeof tree === 'object' && tree !== null ? Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, shape(value)])) : typeof tree;
    expect(shape(parseYaml(printed))).toEqual(shape(builtInCopy));
  });

  it('says above each email and each string exactly the placeholders it may use', () => {
    const top = commentedKeys(printed);
    const placeholdersIn = (comment: string) => [...comment.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const checked: string[] = [];
    const walk = (keys: CommentedKey[], tree: WordingTree, path: string, comments: string) => {
      for (const { key, comment, children } of keys) {
        const node = tree[key]!;
        const above = `${comments}\n${comment}`;
        if (isWording(node)) {
          expect(placeholdersIn(above), `${path}.${key}`).toEqual([...node.extra].sort());
          expect(/\bphrase\b/.test(above), `${path}.${key} is marked as a phrase if and only if it is one`).toBe(node.alone);
          checked.push(`${path}.${key}`);
        } else if (children.length > 0) walk(children, node, `${path}.${key}`, above);
      }
    };
    for (const { key, comment, children } of top) {
      const name = key as keyof typeof wording;
      expect(comment, name).toContain('Placeholders:');
      expect(placeholdersIn(comment), name).toEqual([...wording[name].vars].sort());
      walk(children, wording[name].words, name, '');
    }
    expect(checked).toHaveLength(declared().length);
  });

  it('says when a string is used where its declaration notes it', () => {
    expect(printed).toMatch(/# when there is a first name fit to repeat\n  # also: \{name\}\n  greeting: Hi \{name\},\n/);
    expect(printed).toMatch(/# the note for each stage\n  notes:\n/);
  });
});

describe('the built-in wording', () => {
  it.each(declared())('%s uses only the placeholders it declares', (_path, node, vars) => {
    expect(placeholderProblems(node.text, allowedFor(node, vars))).toEqual([]);
  });

  it('fills every placeholder a string may use: no email of the samples keeps a {name}', () => {
    const everything = structuredClone(builtInCopy) as unknown as Record<string, Record<string, unknown>>;
    for (const [path, node, vars] of declared()) {
      const keys = path.split('.');
      const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((tree, key) => tree[key] as Record<string, unknown>, everything);
      parent[keys.at(-1)!] = `${node.text} ${allowedFor(node, vars)
        .map((name) => `{${name}}`)
        .join(' ')}`;
    }
    const preview = createPreviewer(site, BASE, everything as unknown as EmailCopy);
    const variants: EmailContent[] = [
      ...templateNames.map((template) => emailSamples[template]),
      { ...emailSamples['referrer-thanks'], introduction: true },
      { ...emailSamples['provider-alert'], kind: 'introduction' },
      { ...emailSamples['provider-alert'], handedOnBy: 'Marcus Lee' },
      { ...emailSamples['referee-confirmation'], handedOnBy: 'Marcus Lee' },
      { ...emailSamples['referrer-milestone'], stage: 'handed-on', partnerName: 'Marcus Lee' },
      { ...emailSamples['referee-withdrew'], why: 'declined' },
      { ...emailSamples['referee-withdrew'], why: 'refused-handoff', refereeName: 'Sam Lee' },
      { ...emailSamples['referee-withdrew'], why: 'refused-handoff' },
      { ...emailSamples['provider-reminder'], escalation: true },
      { ...emailSamples['delivery-failed'], attempts: 1, role: 'provider' },
      { ...emailSamples['delivery-failed'], suppressed: 'complained' },
    ];
    for (const content of variants) {
      const email = preview(content);
      expect(`${email.subject}\n${email.preheader}\n${email.text}`, content.template).not.toMatch(/[{}]/);
    }
  });
});

describe('a copy file with mistakes', () => {
  it('names the file and the string of a placeholder with a typo, and what it can use', async () => {
    expect(await problemsOf(fixture('typo-placeholder'))).toEqual([
      `${fixture('typo-placeholder')}: referrer-link.subject: {providerNmae} is not a placeholder this text can use; it can use {siteName}, {privacyContact}, {providerName}`,
    ]);
  });

  it('names an email or a string that does not exist', async () => {
    expect(await problemsOf(fixture('unknown-keys'))).toEqual([
      `${fixture('unknown-keys')}: referrer-link.subjcet: is not a known field`,
      `${fixture('unknown-keys')}: referrer-linc: is not a known field`,
    ]);
  });

  it("refuses a placeholder that only another string may use, and a message's placeholder in a phrase", async () => {
    expect(await problemsOf(fixture('misplaced-placeholders'))).toEqual([
      `${fixture('misplaced-placeholders')}: referee-confirmation.thanks: {referrerFirstName} is not a placeholder this text can use; it can use {siteName}, {privacyContact}, {providerName}, {responseTime}`,
      `${fixture('misplaced-placeholders')}: referrer-milestone.refereeUnnamed: {siteName} is not a placeholder; this text takes none`,
    ]);
  });

  it('lists every problem at once: a stray brace, an empty string, a number, a key without text', async () => {
    const file = fixture('several-problems');
    expect(await problemsOf(file)).toEqual([
      `${file}: dashboard-sign-in.subject: has a { or } that is not part of a placeholder such as {providerName}`,
      `${file}: dashboard-sign-in.preheader: must not be empty (delete the line to keep the built-in wording)`,
      `${file}: dashboard-sign-in.intro: is empty (delete the line to keep the built-in wording)`,
      `${file}: dashboard-sign-in.buttonLabel: must be text`,
    ]);
  });

  it('names a file that is not valid YAML', async () => {
    expect(await problemsOf(fixture('not-yaml'))).toEqual([expect.stringMatching(new RegExp(`^${fixture('not-yaml')}: not valid YAML: .+`))]);
  });
});

describe('what a copy file changes', () => {

  it('a partial file changes only the strings it holds; every other email reads as built in', async () => {
    const partial = render(await loadEmailCopy(fixture('partial')));
    const builtIn = render(builtInCopy);
    const sample = emailSamples['referrer-link'];
    expect(partial(sample).subject).toBe('Jane Okafor asked us to send you this');
    expect(partial(sample).text).toBe(builtIn(sample).text);
    expect(partial(sample).preheader).toBe(builtIn(sample).preheader);
    expect(partial(sample).html.replace(/<title>.*<\/title>/, '')).toBe(builtIn(sample).html.replace(/<title>.*<\/title>/, ''));
    for (const template of templateNames.filter((name) => name !== 'referrer-link')) {
      expect(partial(emailSamples[template])).toEqual(builtIn(emailSamples[template]));
    }
  });

  it("a fork's full file, of the shape shipped when the file held every string, still loads: each of its strings wins", async () => {
    const file = fixture('fork-full-file');
    const copy = await loadEmailCopy(file);
    const leaves = (tree: unknown, path: string[] = []): [string[], string][] =>
      typeof tree === 'string' ? [[path, tree]] : Object.entries(tree as object).flatMap(([key, value]) => leaves(value, [...path, key]));
    const strings = leaves(parseYaml(await readFile(file, 'utf8')));
    expect(strings.length).toBeGreaterThan(150);
    for (const [path, value] of strings) expect(path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], copy), path.join('.')).toBe(value);
    expect(render(copy)(emailSamples['referrer-link']).subject).toBe('Your link to recommend Jane Okafor, as promised');
    expect(render(copy)(emailSamples['referrer-link']).text).toMatch(/^Hello Alice,/);
  });

  it('a missing file, or one of comments only, leaves every email built in', async () => {
    expect(await loadEmailCopy(fixture('does-not-exist'))).toEqual(builtInCopy);
    expect(await loadEmailCopy(fixture('comments-only'))).toEqual(builtInCopy);
  });

  it('wording is text: a < or & written in the file is escaped in HTML like any value', async () => {
    const email = render(await loadEmailCopy(fixture('markup')))(emailSamples['referrer-link']);
    expect(email.text).toContain('Here is your link for Jane Okafor <b>& more</b>.');
    expect(email.html).toContain('Here is your link for Jane Okafor &lt;b&gt;&amp; more&lt;/b&gt;.');
    expect(email.html).not.toContain('<b>');
  });

  it('a value that looks like a placeholder is kept as typed, never filled in', () => {
    expect(fill('Hi {name}, from {siteName}', { name: '{siteName}', siteName: 'Vouch' })).toBe('Hi {siteName}, from Vouch');
    const email = render(builtInCopy)({ ...emailSamples['referrer-link'], referrerFirstName: '{providerName}' } as EmailContent);
    expect(email.text).toMatch(/^Hi \{providerName\},/);
  });

  it('a right-to-left name is isolated from the sentence around it, in both parts; other values are left alone', () => {
    expect(fill("on {name}'s suggestion.", { name: 'محمد' })).toBe("on \u2068محمد\u2069's suggestion.");
    expect(fill("on {name}'s suggestion.", { name: 'Zoë' })).toBe("on Zoë's suggestion.");
    expect(fill('{n} days', { n: 3 })).toBe('3 days');
    const email = render(builtInCopy)({ ...emailSamples['referee-confirmation'], referrerFirstName: 'יעל' } as EmailContent);
    expect(email.text).toContain("on \u2068יעל\u2069's suggestion.");
    expect(email.html).toContain('\u2068יעל\u2069');
  });
});
